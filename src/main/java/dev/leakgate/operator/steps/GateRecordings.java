package dev.leakgate.operator.steps;

import dev.leakgate.analysis.GateInput;
import dev.leakgate.gate.OwnRecordings;
import dev.leakgate.prometheus.CustomSignal;
import dev.leakgate.recording.RecordedSignal;
import dev.leakgate.recording.Recording;
import java.util.Optional;

/** A gate's own recording, read back as the verdict engine's input. */
final class GateRecordings {
  private GateRecordings() {}

  /** Custom signals carry their own gating and tolerance into the engine. */
  static GateInput read(Recording recording, GatePlan plan) {
    return OwnRecordings.read(
        recording.withSignals(
            recording.signals().stream().map(s -> judgedAsPlanned(s, plan)).toList()));
  }

  private static RecordedSignal judgedAsPlanned(RecordedSignal signal, GatePlan plan) {
    Optional<CustomSignal> custom =
        plan.custom().stream().filter(c -> c.name().equals(signal.name())).findFirst();
    return custom.map(c -> c.judge(signal)).orElse(signal);
  }
}
