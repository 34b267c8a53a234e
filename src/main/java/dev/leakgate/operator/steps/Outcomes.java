package dev.leakgate.operator.steps;

import dev.leakgate.operator.model.ErrorReason;
import dev.leakgate.operator.model.Phase;

/** The ways a step moves a gate on, written the same way by every step. */
final class Outcomes {
  private Outcomes() {}

  static Progress moveTo(Gate gate, Phase phase, String message) {
    gate.status().phase = phase;
    gate.status().message = message;
    return Progress.moved();
  }

  /** Ends the gate with a verdict (Passed, Failed, Inconclusive) and its reason code. */
  static Progress decide(Gate gate, Phase verdict, String reason, String message) {
    gate.status().verdict = verdict.name();
    gate.status().reason = reason;
    gate.status().finishedAt = gate.now().toString();
    return moveTo(gate, verdict, message);
  }

  /** Ends the gate in Error: it could not be run as specified. */
  static Progress error(Gate gate, ErrorReason reason, String message) {
    gate.status().reason = reason.name();
    gate.status().finishedAt = gate.now().toString();
    return moveTo(gate, Phase.Error, message);
  }
}
