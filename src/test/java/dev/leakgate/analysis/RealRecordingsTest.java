package dev.leakgate.analysis;

import static dev.leakgate.analysis.Verdicts.assertPod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.leakgate.recording.RecordingReader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Recordings of the real sample service through a real Prometheus, frozen and judged again. */
class RealRecordingsTest {
  private static final Path DIR = Path.of("src/test/resources/recordings/real");

  private static GateVerdict judge(String file) throws Exception {
    return new VerdictEngine().judge(new RecordingReader().read(DIR.resolve(file)));
  }

  @Test
  void theLeakingServiceFailsOnTheThreadsItLeft() throws Exception {
    GateVerdict v = judge("sample-service-leak-on.json");

    assertThat(v.verdict()).isEqualTo(Verdict.FAILED);
    assertPod(v, "jvm-threads", "checkout-leaky", SignalResult.LEAK, Reason.STUCK_ABOVE_BASELINE);
    PodVerdict threads = Verdicts.pod(v, "jvm-threads", "checkout-leaky");
    // 216 calls timed out during the load; each left a thread parked in SynchronousQueue.put.
    assertThat(threads.level() - threads.baseline()).isBetween(200.0, 230.0);
    assertPod(
        v, "process-open-fds", "checkout-leaky", SignalResult.RECOVERED, Reason.BACK_TO_BASELINE);
  }

  @Test
  void theFixedServicePasses() throws Exception {
    GateVerdict v = judge("sample-service-leak-off.json");

    assertThat(v.verdict()).isEqualTo(Verdict.PASSED);
    assertPod(v, "jvm-threads", "checkout-fixed", SignalResult.RECOVERED, Reason.BACK_TO_BASELINE);
    assertThat(v.decidedAfterSeconds()).isLessThan(40);
  }
}
