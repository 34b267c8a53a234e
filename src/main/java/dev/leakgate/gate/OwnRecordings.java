package dev.leakgate.gate;

import dev.leakgate.analysis.GateInput;
import dev.leakgate.recording.InvalidRecordingException;
import dev.leakgate.recording.Recording;

/** A gate's own recording, checked as a file would be and read as the verdict engine's input. */
public final class OwnRecordings {
  private OwnRecordings() {}

  public static GateInput read(Recording recording) {
    try {
      return recording.validated().toInput();
    } catch (InvalidRecordingException e) {
      // The recording is ours; failing the checks a file must pass is a bug, not bad input.
      throw new IllegalStateException(
          "own recording unreadable at " + e.field() + ": " + e.getMessage(), e);
    }
  }
}
