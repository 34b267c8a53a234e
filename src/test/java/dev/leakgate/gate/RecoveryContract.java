package dev.leakgate.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leakgate.analysis.GateVerdict;
import dev.leakgate.analysis.Reason;
import dev.leakgate.analysis.Verdict;
import dev.leakgate.analysis.VerdictEngine;
import dev.leakgate.testing.RecordingBuilder;
import dev.leakgate.testing.Shape;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The recovery phase as each host lives it, one suite for both: the operator (a reconcile at each
 * time it asked for) and {@code run} (one loop). Each host reads the same samples of one pod's
 * threads and must end as the verdict engine judges those samples, and give up on unreadable
 * signals by the shared rule: two of its own looks after the deadline. A host's subclass drives it
 * at fixed times.
 *
 * <p>The gate: a 60 s baseline from {@link #BASELINE_START}, 30 s of load, up to 2 minutes of
 * recovery, pod {@link #POD}'s {@code jvm-threads} sampled every 5 s.
 */
public abstract class RecoveryContract {
  public static final Instant BASELINE_START = Instant.parse("2026-11-28T10:00:00Z");
  public static final Instant LOAD_START = BASELINE_START.plusSeconds(60);
  public static final Instant LOAD_END = LOAD_START.plusSeconds(30);
  public static final Duration TIMEOUT = Duration.ofMinutes(2);
  public static final double SCRAPE_SECONDS = 5;
  public static final String POD = "checkout-0";

  /** What a host did: how the gate ended, when, and the host's sampling step and look interval. */
  public record Outcome(
      String verdict,
      String reason,
      String message,
      Duration endedAfterLoad,
      Duration step,
      Duration look) {}

  /**
   * Runs the host's recovery from the load's end on {@code threads} (relative to the load start),
   * or on signals that cannot be read at all after the load.
   */
  protected abstract Outcome recover(Shape threads, boolean unreadable) throws Exception;

  /** 40 threads, lifted to 200 by the load; {@code kept} of them never go. */
  private static Shape threads(double kept) {
    return Shape.hump(40, 200, 30, 5, kept).withNoise(1, 0.3, 11).rounded();
  }

  /** The engine's verdict on the samples, up to long after the gate: what every host must say. */
  private static GateVerdict engine(Shape threads) {
    return new VerdictEngine()
        .judge(
            RecordingBuilder.load(LOAD_START.getEpochSecond(), 30)
                .baselineWindow("60s")
                .recovery(null, "2m", null, 3)
                .scrape(SCRAPE_SECONDS, -60, 30 + 300)
                .signal("jvm-threads", "threads")
                .pod(POD, threads)
                .done()
                .input());
  }

  @Test
  void aLeakEndsAsTheEngineJudgesItsSamples() throws Exception {
    Shape leak = threads(120);
    GateVerdict expected = engine(leak);

    Outcome outcome = recover(leak, false);

    assertThat(expected.verdict()).isEqualTo(Verdict.FAILED);
    assertEndsAs(expected, outcome);
    assertThat(outcome.message()).startsWith("jvm-threads on " + POD);
    // Within one look of the engine's decision.
    assertThat(outcome.endedAfterLoad().toMillis() / 1000.0)
        .isBetween(
            expected.decidedAfterSeconds(),
            expected.decidedAfterSeconds() + outcome.look().toSeconds());
  }

  @Test
  void aRecoveryEndsAsTheEngineJudgesItsSamples() throws Exception {
    Shape healthy = threads(0);
    GateVerdict expected = engine(healthy);

    Outcome outcome = recover(healthy, false);

    assertThat(expected.verdict()).isEqualTo(Verdict.PASSED);
    assertEndsAs(expected, outcome);
  }

  /** The host ended with exactly the engine's verdict, reason and message. */
  private static void assertEndsAs(GateVerdict expected, Outcome outcome) {
    assertThat(outcome.verdict()).isEqualTo(expected.verdict().label());
    assertThat(outcome.reason()).isEqualTo(expected.reason().code());
    assertThat(outcome.message()).isEqualTo(expected.message());
  }

  @Test
  void signalsThatCannotBeReadEndTwoLooksAfterTheDeadlineNeverPassed() throws Exception {
    Outcome outcome = recover(threads(0), true);

    assertThat(outcome.verdict()).isEqualTo(Verdict.INCONCLUSIVE.label());
    assertThat(outcome.reason()).isEqualTo(Reason.PROMETHEUS_UNAVAILABLE.code());
    assertThat(outcome.message())
        .startsWith("could not read the signals by the recovery deadline and two looks after it");
    // The deadline (timeout plus two sampling steps), then two more looks.
    assertThat(outcome.endedAfterLoad())
        .isEqualTo(
            TIMEOUT.plus(outcome.step().multipliedBy(2)).plus(outcome.look().multipliedBy(2)));
  }
}
