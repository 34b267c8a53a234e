package dev.leakgate.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.leakgate.testing.RecordingBuilder;
import java.util.List;
import java.util.function.DoubleFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One engine for every gate size: the same shapes on a 10 min production gate and on a 60 s test
 * gate (every time ten times shorter) must end alike, the short one ten times sooner.
 */
class ScalingTest {

  static List<Object[]> shapes() {
    return List.of(
        new Object[] {
          "healthy threads", (DoubleFunction<RecordingBuilder>) Recordings::healthyThreads
        },
        new Object[] {
          "stuck goroutines", (DoubleFunction<RecordingBuilder>) Recordings::stuckGoroutines
        },
        new Object[] {"slow recovery", (DoubleFunction<RecordingBuilder>) Recordings::slowRecovery},
        new Object[] {"rising fds", (DoubleFunction<RecordingBuilder>) Recordings::risingFds},
        new Object[] {"healthy heap", (DoubleFunction<RecordingBuilder>) Recordings::healthyHeap},
        new Object[] {
          "rising troughs", (DoubleFunction<RecordingBuilder>) Recordings::risingTroughs
        });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void aSixtySecondGateDecidesLikeATenMinuteGate(
      String name, DoubleFunction<RecordingBuilder> shape) {
    VerdictEngine engine = new VerdictEngine();
    GateVerdict production = engine.judge(shape.apply(1).input());
    GateVerdict test = engine.judge(shape.apply(0.1).input());

    assertThat(test.verdict()).as(test.message()).isEqualTo(production.verdict());
    assertThat(test.reason()).as(test.message()).isEqualTo(production.reason());
    assertThat(test.decidedAfterSeconds())
        .isCloseTo(production.decidedAfterSeconds() / 10, within(0.01));
    PodVerdict big = production.signals().get(0).pods().get(0);
    PodVerdict small = test.signals().get(0).pods().get(0);
    assertThat(small.reason()).isEqualTo(big.reason());
    assertThat(small.baseline()).isCloseTo(big.baseline(), within(1e-6 * Math.abs(big.baseline())));
  }
}
