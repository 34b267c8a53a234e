package dev.leakgate.operator.steps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leakgate.analysis.GateInput;
import dev.leakgate.gate.OwnRecordings;

/** A gate's own recording, read back as the verdict engine's input. */
final class GateRecordings {
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
    return OwnRecordings.read(recording);
  }
}
