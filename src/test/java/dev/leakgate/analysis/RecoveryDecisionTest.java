package dev.leakgate.analysis;

import static dev.leakgate.analysis.Verdicts.assertPod;
import static dev.leakgate.analysis.Verdicts.judge;
import static dev.leakgate.analysis.Verdicts.pod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.leakgate.testing.RecordingBuilder;
import dev.leakgate.testing.Shape;
import org.junit.jupiter.api.Test;

/** Pass and fail decisions with default settings: 5 min baseline, 10 min recovery, 15 s scrapes. */
class RecoveryDecisionTest {

  private static RecordingBuilder gate() {
    return RecordingBuilder.fiveMinuteLoad().scrape(15, -300, 900);
  }

  @Test
  void healthyThreadCountPassesAfterGraceAndSettle() {
    GateVerdict v =
        judge(
            gate()
                .signal("jvm-threads", "threads")
                .pod("api-0", Shape.hump(40, 400, 300, 20, 0).withNoise(1, 0.5, 1).rounded())
                .done());

    assertThat(v.verdict()).isEqualTo(Verdict.PASSED);
    assertThat(v.reason()).isEqualTo(Reason.SIGNALS_RECOVERED);
    assertPod(v, "jvm-threads", "api-0", SignalResult.RECOVERED, Reason.BACK_TO_BASELINE);
    // Grace 2 min, then in band at every evaluation 30 s apart; the pass waits for a testable
    // trend (10 points of 15 s from half the grace on: 3m15s), so it comes at 3m30s.
    assertThat(v.decidedAfterSeconds()).isEqualTo(210);
    PodVerdict p = pod(v, "jvm-threads", "api-0");
    assertThat(p.baseline()).isBetween(39.0, 41.0);
    assertThat(p.allowed()).isEqualTo(p.baseline() + 5);
    assertThat(p.peak()).isGreaterThan(390);
  }

  @Test
  void goroutinesThatNeverComeBackFailOnceAFullWindowIsStuck() {
    GateVerdict v =
        judge(
            gate()
                .signal("go-goroutines", "goroutines")
                .pod(
                    "recommend-0",
                    Shape.hump(120, 15_500, 300, 15, 15_200).withNoise(3, 0.5, 2).rounded())
                .done());

    assertThat(v.verdict()).isEqualTo(Verdict.FAILED);
    assertThat(v.reason()).isEqualTo(Reason.STUCK_ABOVE_BASELINE);
    assertPod(v, "go-goroutines", "recommend-0", SignalResult.LEAK, Reason.STUCK_ABOVE_BASELINE);
    // Not before the recent window (5 min) lies wholly after the load.
    assertThat(v.decidedAfterSeconds()).isEqualTo(300);
    PodVerdict p = pod(v, "go-goroutines", "recommend-0");
    assertThat(v.message())
        .contains("go-goroutines on recommend-0")
        .contains("baseline " + Numbers.plain(p.baseline()));
    assertThat(p.baseline()).isBetween(119.0, 121.0);
  }

  @Test
  void oneLeakingPodOfThreeFailsTheGateAndIsNamed() {
    RecordingBuilder b = gate();
    var signal = b.signal("jvm-threads", "threads");
    signal.pod("api-0", Shape.hump(40, 300, 300, 20, 0).withNoise(1, 0.5, 3).rounded());
    signal.pod("api-1", Shape.hump(41, 300, 300, 20, 60).withNoise(1, 0.5, 4).rounded());
    signal.pod("api-2", Shape.hump(39, 300, 300, 20, 0).withNoise(1, 0.5, 5).rounded());

    GateVerdict v = judge(b);

    assertThat(v.verdict()).isEqualTo(Verdict.FAILED);
    assertThat(v.message()).startsWith("jvm-threads on api-1:");
    assertPod(v, "jvm-threads", "api-1", SignalResult.LEAK, Reason.STUCK_ABOVE_BASELINE);
    assertThat(pod(v, "jvm-threads", "api-0").result()).isEqualTo(SignalResult.RECOVERED);
    assertThat(pod(v, "jvm-threads", "api-2").result()).isEqualTo(SignalResult.RECOVERED);
  }

  @Test
  void aSmallStepJustAboveTheBandFailsAtTheTimeoutOrEarlier() {
    // +12 threads on a baseline of 50: band is max(5, 10% x 50) = 5.
    GateVerdict v =
        judge(
            gate()
                .signal("jvm-threads", "threads")
                .pod("api-0", Shape.hump(50, 200, 300, 20, 12).withNoise(0.7, 0.3, 6).rounded())
                .done());

    assertThat(v.verdict()).isEqualTo(Verdict.FAILED);
    PodVerdict p = pod(v, "jvm-threads", "api-0");
    assertThat(p.result()).isEqualTo(SignalResult.LEAK);
    // The tail of the load's decay is still in the trend window, so "falling, but far too
    // slowly" describes this data as well as "stuck"; both mean it stays up.
    assertThat(p.reason()).isIn(Reason.STUCK_ABOVE_BASELINE, Reason.CANNOT_RECOVER_IN_TIME);
    assertThat(p.level()).isBetween(60.0, 64.0);
    assertThat(v.decidedAfterSeconds()).isLessThan(600);
  }

  @Test
  void aLeakThatKeepsGrowingAfterTheLoadIsRising() {
    GateVerdict v =
        judge(
            gate()
                .signal("process-fds", "fds")
                .pod(
                    "api-0",
                    Shape.hump(100, 180, 300, 30, 40)
                        .plusSlopeAfterLoad(600)
                        .withNoise(1, 0.3, 7)
                        .rounded())
                .done());

    assertThat(v.verdict()).isEqualTo(Verdict.FAILED);
    assertPod(v, "process-fds", "api-0", SignalResult.LEAK, Reason.STILL_RISING);
    assertThat(pod(v, "process-fds", "api-0").slopePerHour()).isBetween(300.0, 900.0);
  }

  @Test
  void aSignalFallingTooSlowlyToMakeItCannotRecoverInTime() {
    // Decays with a 2 h time constant from +400: a few threads per minute, far too slow.
    GateVerdict v =
        judge(
            gate()
                .signal("jvm-threads", "threads")
                .pod("api-0", Shape.hump(40, 440, 300, 7200, 0).withNoise(0.5, 0.2, 8))
                .done());

    assertThat(v.verdict()).isEqualTo(Verdict.FAILED);
    assertPod(v, "jvm-threads", "api-0", SignalResult.LEAK, Reason.CANNOT_RECOVER_IN_TIME);
    assertThat(pod(v, "jvm-threads", "api-0").message()).contains("left");
  }

  @Test
  void aDecayReachingTheBandJustBeforeTheTimeoutPassesThoughItsMedianLagsAbove() {
    // From 20x with a 110 s time constant: +11 at the level window's middle (the median is
    // above the band of 10), +8 at the timeout itself.
    GateVerdict v = judgeDecayFrom20xOnto(0);

    assertThat(v.verdict()).isEqualTo(Verdict.PASSED);
    assertPod(v, "jvm-threads", "api-0", SignalResult.RECOVERED, Reason.IN_BAND_AT_TIMEOUT);
    PodVerdict p = pod(v, "jvm-threads", "api-0");
    assertThat(v.decidedAfterSeconds()).isEqualTo(600);
    assertThat(p.level()).isGreaterThan(p.allowed());
    assertThat(p.message()).startsWith("falling").contains("in band at about 10");
  }

  @Test
  void aLeakStillSettlingOntoItsPlateauAtTheTimeoutStillFails() {
    // The same decay onto a plateau 15 above the baseline (1.5 bands): carrying the median to
    // the timeout must not carry it below the plateau.
    GateVerdict v = judgeDecayFrom20xOnto(15);

    assertThat(v.verdict()).isEqualTo(Verdict.FAILED);
    PodVerdict p = pod(v, "jvm-threads", "api-0");
    assertThat(p.result()).isEqualTo(SignalResult.LEAK);
    assertThat(p.level()).isGreaterThan(p.baseline() + 15);
  }

  /** Threads at 100 (band 10) peak at 2,000 and decay with 110 s onto {@code retained} above. */
  private static GateVerdict judgeDecayFrom20xOnto(double retained) {
    return judge(
        gate()
            .signal("jvm-threads", "threads")
            .pod("api-0", Shape.hump(100, 2000, 300, 110, retained).withNoise(0.3, 0.5, 9))
            .done());
  }

  @Test
  void inBandButRisingFastAtTheTimeoutIsALeak() {
    // Back in band after the load, then climbs at 30/h: still inside a band of 50 at the
    // timeout, but rising by more than the band per hour.
    GateVerdict v =
        judge(
            gate()
                .recovery("1m", "10m", "30s", 40)
                .signal("go-goroutines", "goroutines")
                .pod(
                    "api-0",
                    Shape.hump(100, 400, 300, 10, 0).plusSlopeAfterLoad(120).withNoise(0.3, 0, 9))
                .done());

    assertThat(v.verdict()).isEqualTo(Verdict.FAILED);
    assertPod(v, "go-goroutines", "api-0", SignalResult.LEAK, Reason.RISING_TREND);
    assertThat(v.decidedAfterSeconds()).isEqualTo(600);
  }

  @Test
  void memoryOnlyWarnsByDefaultAndTheGatePassesOnItsCounts() {
    double mib = 1024 * 1024;
    GateVerdict v =
        judge(
            gate()
                .signal("jvm-threads", "threads")
                .pod("api-0", Shape.hump(40, 300, 300, 20, 0).withNoise(1, 0.5, 10).rounded())
                .done()
                .signal("container-rss", "memory")
                .pod(
                    "api-0",
                    Shape.hump(300 * mib, 900 * mib, 300, 60, 400 * mib).withNoise(mib, 0.8, 11))
                .done());

    assertThat(v.verdict()).isEqualTo(Verdict.PASSED);
    assertPod(v, "container-rss", "api-0", SignalResult.WARN, Reason.ABOVE_BAND);
    SignalVerdict rss = v.signals().get(1);
    assertThat(rss.gating()).isFalse();
    assertThat(rss.result()).isEqualTo(SignalResult.WARN);
  }

  @Test
  void memoryMarkedGatingFails() {
    double mib = 1024 * 1024;
    GateVerdict v =
        judge(
            gate()
                .signal("container-rss", "memory")
                .gating(true)
                .pod(
                    "api-0",
                    Shape.hump(300 * mib, 900 * mib, 300, 20, 400 * mib).withNoise(mib, 0.8, 11))
                .done());

    assertThat(v.verdict()).isEqualTo(Verdict.FAILED);
    assertPod(v, "container-rss", "api-0", SignalResult.LEAK, Reason.STUCK_ABOVE_BASELINE);
  }

  @Test
  void aCustomCountIsJudgedAgainstItsOwnTolerance() {
    GateVerdict v =
        judge(
            gate()
                .signal("open-connections", "count")
                .tolerance("10%", "5")
                .pod("api-0", Shape.hump(20, 200, 300, 20, 8).withNoise(0.5, 0, 12).rounded())
                .done());

    assertThat(v.verdict()).isEqualTo(Verdict.FAILED);
    PodVerdict p = pod(v, "open-connections", "api-0");
    assertThat(p.allowed() - p.baseline()).isEqualTo(5);
    assertThat(p.reason()).isEqualTo(Reason.STUCK_ABOVE_BASELINE);
  }
}
