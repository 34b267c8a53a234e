package dev.leakgate.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shortest recovery timeout {@code run} accepts is one whose last level window the engine can
 * judge wherever the scrapes fall, and a 5% shorter one leaves some phase {@code InsufficientData}:
 * a flat, healthy signal then ends Inconclusive, as the short gate shape did at 15 s scrapes with a
 * 2-minute recovery.
 */
class ShortestRecoveryTest {
  private static final double LOAD_START = 1_800_000_000;
  private static final double LOAD_END = LOAD_START + 30;

  @ParameterizedTest(name = "{0} s scrapes")
  @ValueSource(ints = {15, 30})
  void theShortestRecoveryIsJudgedAtEveryPhaseAndAShorterOneIsNot(int scrape) {
    long shortest =
        VerdictEngine.shortestRecovery(Duration.ofSeconds(scrape)).orElseThrow().toSeconds();

    assertThat(insufficientAtSomePhase(shortest, scrape)).isFalse();
    assertThat(insufficientAtSomePhase((long) Math.floor(shortest * 0.95), scrape)).isTrue();
  }

  @ParameterizedTest(name = "{0} s scrapes")
  @ValueSource(ints = {36, 60})
  void noRecoveryIsLongEnoughForScrapesOverHalfAMinute(int scrape) {
    assertThat(VerdictEngine.shortestRecovery(Duration.ofSeconds(scrape))).isEmpty();
  }

  private static boolean insufficientAtSomePhase(long timeout, int scrape) {
    for (int step = 0; step < 100; step++) {
      GateVerdict v = judge(timeout, scrape, step * scrape / 100.0);
      if (v.reason() == Reason.INSUFFICIENT_DATA) {
        return true;
      }
      assertThat(v.verdict()).as(v.message()).isEqualTo(Verdict.PASSED);
    }
    return false;
  }

  /** A flat thread count, scraped from 10 scrapes before the load to past the timeout. */
  private static GateVerdict judge(long timeout, int scrape, double phase) {
    List<Double> times = new ArrayList<>();
    for (double t = LOAD_START - 10 * scrape + phase;
        t <= LOAD_END + timeout + scrape;
        t += scrape) {
      times.add(t);
    }
    double[] t = times.stream().mapToDouble(Double::doubleValue).toArray();
    double[] v = new double[t.length];
    java.util.Arrays.fill(v, 40);
    SignalInput signal =
        new SignalInput(
            "threads",
            SignalKind.THREADS,
            true,
            SignalKind.THREADS.defaultTolerance(),
            List.of(new Series("p", t, v)));
    return new VerdictEngine()
        .judge(
            new GateInput(
                Instant.ofEpochSecond((long) LOAD_START),
                Instant.ofEpochSecond((long) LOAD_END),
                new GateSettings(
                    Duration.ofSeconds(10L * scrape),
                    new Recovery(
                        Optional.empty(), Duration.ofSeconds(timeout), Optional.empty(), 3)),
                List.of(signal)));
  }
}
