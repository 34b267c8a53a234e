package dev.leakgate.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leakgate.testing.RecordingBuilder;

/** Runs the engine on a builder and finds pods in the verdict, for readable assertions. */
final class Verdicts {
  private Verdicts() {}

  static GateVerdict judge(RecordingBuilder recording) {
    return new VerdictEngine().judge(recording.input());
  }

  static PodVerdict pod(GateVerdict verdict, String signal, String pod) {
    SignalVerdict s =
        verdict.signals().stream()
            .filter(v -> v.name().equals(signal))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no signal " + signal + " in " + verdict));
    return s.pods().stream()
        .filter(p -> p.pod().equals(pod))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no pod " + pod + " in " + s));
  }

  static void assertPod(
      GateVerdict verdict, String signal, String pod, SignalResult result, Reason reason) {
    PodVerdict p = pod(verdict, signal, pod);
    assertThat(p.result()).as("%s on %s: %s", signal, pod, p.message()).isEqualTo(result);
    assertThat(p.reason()).as("%s on %s: %s", signal, pod, p.message()).isEqualTo(reason);
  }
}
