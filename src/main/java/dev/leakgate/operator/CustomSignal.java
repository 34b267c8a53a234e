package dev.leakgate.operator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leakgate.analysis.SignalKind;
import dev.leakgate.prometheus.Recorder;
import dev.leakgate.spec.CustomSignalSpec;

/**
 * A user's PromQL signal, checked: its kind, whether it gates, and its tolerance as the recording
 * format writes it (docs/recording-format.md).
 */
public record CustomSignal(
    String name,
    String query,
    SignalKind kind,
    boolean gating,
    CustomSignalSpec.ToleranceSpec tolerance) {

  /** Writes the signal's gating and tolerance onto its entry in a recording. */
  void annotate(ObjectNode signal) {
    Recorder.annotate(
        signal,
        gating,
        tolerance == null ? null : tolerance.relative(),
        tolerance == null ? null : tolerance.absolute());
  }
}
