package dev.leakgate.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leakgate.analysis.GateInput;
import dev.leakgate.recording.InvalidRecordingException;
import dev.leakgate.recording.RecordingReader;

/** A gate's own recording, read back as the verdict engine's input. */
final class GateRecordings {
  private static final RecordingReader READER = new RecordingReader();

  private GateRecordings() {}

  /** Custom signals carry their own gating and tolerance into the engine. */
  static GateInput read(ObjectNode recording, GatePlan plan) {
    for (JsonNode signal : recording.path("signals")) {
      String name = signal.path("name").asText();
      plan.custom().stream()
          .filter(c -> c.name().equals(name))
          .findFirst()
          .ifPresent(c -> c.annotate((ObjectNode) signal));
    }
    try {
      return READER.read(recording);
    } catch (InvalidRecordingException e) {
      // The recording is ours; failing to read it back is a bug, not bad input.
      throw new IllegalStateException(
          "own recording unreadable at " + e.field() + ": " + e.getMessage(), e);
    }
  }
}
