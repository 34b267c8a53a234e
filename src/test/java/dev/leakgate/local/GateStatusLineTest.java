package dev.leakgate.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leakgate.analysis.PodVerdict;
import dev.leakgate.analysis.Reason;
import dev.leakgate.analysis.SignalKind;
import dev.leakgate.analysis.SignalResult;
import dev.leakgate.analysis.SignalVerdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class GateStatusLineTest {

  private static SignalVerdict signal(String name, SignalKind kind, PodVerdict pod) {
    return new SignalVerdict(name, kind, true, pod.result(), List.of(pod));
  }

  private static PodVerdict pod(
      SignalResult result, double level, double last, Reason reason, String message) {
    return new PodVerdict("recommend-0", result, 5, 0.5, 12, 1604, level, last, 0, reason, message);
  }

  @Test
  void showsTheLastSampleBesideTheLaggingLevel() {
    String line =
        GateStatusLine.bands(
            List.of(
                signal(
                    "go-goroutines",
                    SignalKind.GOROUTINES,
                    pod(SignalResult.WARN, 47, 4, Reason.ABOVE_BAND, "above"))));

    assertThat(line).isEqualTo("go-goroutines now 4, level 47 ABOVE band (allowed 12, baseline 5)");
  }

  @Test
  void aSignalThatCannotBeJudgedSaysWhyInsteadOfALevel() {
    String line =
        GateStatusLine.bands(
            List.of(
                signal(
                    "go-goroutines",
                    SignalKind.GOROUTINES,
                    pod(
                        SignalResult.INCONCLUSIVE,
                        47,
                        47,
                        Reason.STALE_DATA,
                        "signal stopped reporting: no samples for 60s")),
                signal(
                    "go-heap-alloc",
                    SignalKind.HEAP,
                    pod(
                        SignalResult.INCONCLUSIVE,
                        Double.NaN,
                        2048,
                        Reason.NOT_EVALUATED,
                        "not yet judged when the gate was decided"))));

    assertThat(line)
        .isEqualTo(
            "go-goroutines now 47, cannot be judged: StaleData (signal stopped reporting: no"
                + " samples for 60s)  go-heap-alloc now 2.0 KiB, not judged yet");
  }
}
