package dev.leakgate.gate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leakgate.analysis.GateInput;
import dev.leakgate.recording.InvalidRecordingException;
import dev.leakgate.recording.RecordingReader;

/** A gate's own recording, read back as the verdict engine's input. */
public final class OwnRecordings {
  private static final RecordingReader READER = new RecordingReader();

  private OwnRecordings() {}

  public static GateInput read(ObjectNode recording) {
    try {
      return READER.read(recording);
    } catch (InvalidRecordingException e) {
      // The recording is ours; failing to read it back is a bug, not bad input.
      throw new IllegalStateException(
          "own recording unreadable at " + e.field() + ": " + e.getMessage(), e);
    }
  }
}
