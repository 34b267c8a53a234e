package dev.leakgate.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The shortest baseline {@code run} accepts is one the engine can judge wherever the scrapes fall,
 * and a second less is one it cannot always judge: the check before the gate and the rule after the
 * baseline agree.
 */
class ShortestBaselineTest {
  private static final double LOAD_START = 1_800_000_000;

  @ParameterizedTest(name = "{0} s scrapes, {1} s recovery, heap {2}")
  @CsvSource({
    "1, 120, false",
    "1, 120, true",
    "15, 120, false",
    "15, 120, true",
    "15, 600, true",
    "30, 600, false"
  })
  void theShortestBaselineIsJudgedAtEveryPhaseAndAShorterOneIsNot(
      int scrape, int timeout, boolean heap) {
    long shortest =
        VerdictEngine.shortestBaseline(
                Duration.ofSeconds(scrape), Duration.ofSeconds(timeout), heap)
            .toSeconds();

    assertThat(thinAtSomePhase(shortest, scrape, timeout, heap)).isFalse();
    // Its margin for jitter is a fifth of a scrape: 5% shorter, some phase is too thin.
    assertThat(thinAtSomePhase((long) Math.floor(shortest * 0.95), scrape, timeout, heap)).isTrue();
  }

  /** Whether some phase of the scrapes, steady or late by 1% each, is too thin. */
  private static boolean thinAtSomePhase(long window, int scrape, int timeout, boolean heap) {
    for (int step = 0; step < 100; step++) {
      double phase = step * scrape / 100.0;
      for (double jitter : new double[] {0, 0.01 * scrape}) {
        if (thin(window, scrape, timeout, heap, phase, jitter)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean thin(
      long window, int scrape, int timeout, boolean heap, double phase, double jitter) {
    List<Double> times = new ArrayList<>();
    for (double t = LOAD_START - window + phase; t < LOAD_START; t += scrape + jitter) {
      times.add(t);
    }
    double[] t = times.stream().mapToDouble(Double::doubleValue).toArray();
    double[] v = new double[t.length];
    java.util.Arrays.fill(v, heap ? 50e6 : 40);
    SignalKind kind = heap ? SignalKind.HEAP : SignalKind.THREADS;
    SignalInput signal =
        new SignalInput("s", kind, true, kind.defaultTolerance(), List.of(new Series("p", t, v)));
    GateInput input =
        new GateInput(
            Instant.ofEpochSecond((long) LOAD_START),
            Instant.ofEpochSecond((long) LOAD_START),
            new GateSettings(
                Duration.ofSeconds(window),
                new Recovery(Optional.empty(), Duration.ofSeconds(timeout), Optional.empty(), 3)),
            List.of(signal));
    return new VerdictEngine().beforeLoad(input).isPresent();
  }
}
