package dev.leakgate.analysis;

import static dev.leakgate.analysis.Verdicts.assertPod;
import static dev.leakgate.analysis.Verdicts.judge;
import static org.assertj.core.api.Assertions.assertThat;

import dev.leakgate.testing.RecordingBuilder;
import dev.leakgate.testing.Shape;
import java.util.function.DoublePredicate;
import org.junit.jupiter.api.Test;

/** Doubt never passes: each rule that turns missing or broken evidence into Inconclusive. */
class InconclusiveRulesTest {

  private static RecordingBuilder gate() {
    return RecordingBuilder.fiveMinuteLoad().scrape(15, -300, 900);
  }

  private static Shape healthy(long seed) {
    return Shape.hump(40, 300, 300, 20, 0).withNoise(1, 0.5, seed).rounded();
  }

  @Test
  void aBaselineWithTooFewSamplesIsInconclusive() {
    GateVerdict v =
        judge(
            gate()
                .signal("jvm-threads", "threads")
                .pod("api-0", healthy(1), t -> t >= -120)
                .done());

    assertThat(v.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(v.reason()).isEqualTo(Reason.INSUFFICIENT_BASELINE);
    assertPod(v, "jvm-threads", "api-0", SignalResult.INCONCLUSIVE, Reason.INSUFFICIENT_BASELINE);
    // Known before the load ended: no need to wait for the recovery.
    assertThat(v.decidedAfterSeconds()).isZero();
  }

  /** At the baseline's end, before the load: the load starts and ends there. */
  private static RecordingBuilder baselineOnly() {
    return RecordingBuilder.load(1795860000, 0).scrape(15, -300, 0);
  }

  @Test
  void aThinBaselineEndsTheGateBeforeTheLoad() {
    GateInput input =
        baselineOnly()
            .signal("jvm-threads", "threads")
            .pod("api-0", healthy(1))
            .pod("api-1", healthy(2), t -> t >= -60)
            .done()
            .signal("process-fds", "fds")
            .pod("api-0", healthy(3))
            .pod("api-1", healthy(4))
            .done()
            .input();

    GateVerdict v = new VerdictEngine().beforeLoad(input).orElseThrow();

    assertThat(v.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(v.reason()).isEqualTo(Reason.INSUFFICIENT_BASELINE);
    assertThat(v.message()).startsWith("jvm-threads on api-1: baseline window has 3 of ~19");
    assertPod(v, "jvm-threads", "api-1", SignalResult.INCONCLUSIVE, Reason.INSUFFICIENT_BASELINE);
    assertThat(Verdicts.pod(v, "process-fds", "api-1").reason())
        .isNotEqualTo(Reason.INSUFFICIENT_BASELINE);
  }

  @Test
  void aFullBaselineOrAThinWarningSignalLetsTheLoadRun() {
    GateInput input =
        baselineOnly()
            .signal("jvm-threads", "threads")
            .pod("api-0", healthy(1))
            .done()
            .signal("process-fds", "fds")
            .gating(false)
            .pod("api-0", healthy(3), t -> t >= -60)
            .done()
            .input();

    assertThat(new VerdictEngine().beforeLoad(input)).isEmpty();
  }

  @Test
  void aBaselineThatIsStillClimbingIsUnsteady() {
    // A JVM still warming up: +40 threads over the 5 min baseline, band 5.
    Shape warmingUp = t -> t < 0 ? 60 + 40 * (t + 300) / 300 : 100;
    GateVerdict v =
        judge(
            gate()
                .signal("jvm-threads", "threads")
                .pod("api-0", warmingUp.withNoise(1, 0.3, 2).rounded())
                .done());

    assertThat(v.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertPod(v, "jvm-threads", "api-0", SignalResult.INCONCLUSIVE, Reason.UNSTEADY_BASELINE);
  }

  @Test
  void aBaselineDominatedByNoiseIsInconclusive() {
    GateVerdict v =
        judge(
            gate()
                .signal("go-goroutines", "goroutines")
                .pod("api-0", Shape.flat(400).withNoise(160, 0, 3))
                .done());

    assertThat(v.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertPod(v, "go-goroutines", "api-0", SignalResult.INCONCLUSIVE, Reason.NOISY_BASELINE);
  }

  @Test
  void aRestartDuringTheLoadIsNotARecovery() {
    GateVerdict v =
        judge(
            gate()
                .signal("jvm-threads", "threads")
                .pod("api-0", t -> t < 200 ? healthy(4).at(t) : 30)
                .done()
                .signal("process-start-time", "start-time")
                .pod("api-0", t -> t < 200 ? 1795850000 : 1795860200)
                .done());

    assertThat(v.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(v.reason()).isEqualTo(Reason.RESTARTED);
    assertPod(v, "jvm-threads", "api-0", SignalResult.INCONCLUSIVE, Reason.RESTARTED);
    assertThat(v.message()).contains("into the load");
    assertThat(v.decidedAfterSeconds()).isZero();
    // Evidence signals are not judged and not listed.
    assertThat(v.signals()).extracting(SignalVerdict::name).containsExactly("jvm-threads");
  }

  @Test
  void aRisingRestartCounterIsARestartWithoutAStartTime() {
    // A Go or sidecar container may export no start time; kube-state-metrics still counts it.
    GateVerdict v =
        judge(
            gate()
                .signal("go-goroutines", "goroutines")
                .pod("api-0", healthy(11))
                .pod("api-1", t -> t < 380 ? healthy(12).at(t) : 40)
                .done()
                .signal("container-restarts", "restarts")
                .pod("api-0", Shape.flat(3))
                .pod("api-1", t -> t < 380 ? 3 : 4)
                .done());

    assertThat(v.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(v.reason()).isEqualTo(Reason.RESTARTED);
    assertPod(v, "go-goroutines", "api-1", SignalResult.INCONCLUSIVE, Reason.RESTARTED);
    assertThat(v.message()).startsWith("go-goroutines on api-1:");
  }

  @Test
  void restartsCountedBeforeTheGateAreNotThisRelease() {
    GateVerdict v =
        judge(
            gate()
                .signal("jvm-threads", "threads")
                .pod("api-0", healthy(13))
                .done()
                .signal("container-restarts", "restarts")
                .pod("api-0", Shape.flat(7))
                .done());

    assertThat(v.verdict()).isEqualTo(Verdict.PASSED);
  }

  @Test
  void aRestartCountedWithAnOldOomFlagOnIsAnOomKill() {
    // The flag was already on from an earlier kill; the count rising during the load says the
    // container was killed again, and the flag says why.
    GateVerdict v =
        judge(
            gate()
                .signal("jvm-threads", "threads")
                .pod("api-0", healthy(14))
                .done()
                .signal("container-restarts", "restarts")
                .pod("api-0", t -> t < 350 ? 1 : 2)
                .done()
                .signal("oom-killed", "oom-killed")
                .pod("api-0", Shape.flat(1))
                .done());

    assertThat(v.verdict()).isEqualTo(Verdict.FAILED);
    assertThat(v.reason()).isEqualTo(Reason.OOM_KILLED);
    assertPod(v, "jvm-threads", "api-0", SignalResult.LEAK, Reason.OOM_KILLED);
  }

  @Test
  void anOomKillDuringTheLoadFailsTheGateAtOnce() {
    GateVerdict v =
        judge(
            gate()
                .signal("jvm-threads", "threads")
                .pod("api-0", healthy(5))
                .pod("api-1", healthy(6))
                .done()
                .signal("process-start-time", "start-time")
                .pod("api-1", t -> t < 250 ? 1795850000 : 1795860250)
                .done()
                .signal("oom-killed", "oom-killed")
                .pod("api-1", t -> t < 250 ? 0 : 1)
                .done());

    // The first scrape after the kill at 250 s is the one at 255 s.

    assertThat(v.verdict()).isEqualTo(Verdict.FAILED);
    assertThat(v.reason()).isEqualTo(Reason.OOM_KILLED);
    assertPod(v, "jvm-threads", "api-1", SignalResult.LEAK, Reason.OOM_KILLED);
    assertThat(v.decidedAfterSeconds()).isZero();
    assertThat(v.message()).startsWith("jvm-threads on api-1:").contains("4m15s into the load");
  }

  @Test
  void anOldOomKillFromBeforeTheGateIsNotThisRelease() {
    GateVerdict v =
        judge(
            gate()
                .signal("jvm-threads", "threads")
                .pod("api-0", healthy(7))
                .done()
                .signal("oom-killed", "oom-killed")
                .pod("api-0", Shape.flat(1))
                .done());

    assertThat(v.verdict()).isEqualTo(Verdict.PASSED);
  }

  @Test
  void aPodThatStopsReportingVanished() {
    GateVerdict v =
        judge(
            gate()
                .signal("jvm-threads", "threads")
                .pod("api-0", healthy(8))
                .pod("api-1", healthy(9), t -> t < 280)
                .done());

    assertThat(v.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(v.reason()).isEqualTo(Reason.POD_VANISHED);
    assertPod(v, "jvm-threads", "api-1", SignalResult.INCONCLUSIVE, Reason.POD_VANISHED);
    assertPod(v, "jvm-threads", "api-0", SignalResult.RECOVERED, Reason.BACK_TO_BASELINE);
  }

  @Test
  void oneSignalGoingSilentWhileThePodReportsIsStale() {
    GateVerdict v =
        judge(
            gate()
                .signal("jvm-threads", "threads")
                .pod("api-0", healthy(10))
                .done()
                .signal("process-fds", "fds")
                .pod("api-0", Shape.hump(80, 200, 300, 20, 0).rounded(), t -> t < 320)
                .done());

    assertThat(v.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertPod(v, "process-fds", "api-0", SignalResult.INCONCLUSIVE, Reason.STALE_DATA);
  }

  @Test
  void droppedScrapesAfterTheLoadNeverPassAndEndInsufficient() {
    // Every other scrape after the load is missing: 50% coverage.
    GateVerdict v =
        judge(
            gate()
                .signal("jvm-threads", "threads")
                .pod("api-0", healthy(11), t -> t < 300 || Math.round(t / 15) % 2 == 0)
                .done());

    assertThat(v.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertPod(v, "jvm-threads", "api-0", SignalResult.INCONCLUSIVE, Reason.INSUFFICIENT_DATA);
    assertThat(v.decidedAfterSeconds()).isEqualTo(600);
  }

  @Test
  void aHoleOfTwoMinutesAfterTheLoadIsAGapNotAPass() {
    GateVerdict v =
        judge(
            gate()
                .signal("jvm-threads", "threads")
                .pod("api-0", healthy(17), t -> t < 330 || t > 450)
                .done());

    assertThat(v.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertPod(v, "jvm-threads", "api-0", SignalResult.INCONCLUSIVE, Reason.DATA_GAP);
    // Last sample before the hole at 315 s, first after it at 465 s.
    assertThat(v.message())
        .contains("no samples for 2m30s (15s after the load to 2m45s after the load)");
  }

  @Test
  void aHoleDuringTheLoadIsNotHeldAgainstALeakSeenAfterIt() {
    // The scraper starved from 2 min 15 s into the load until 12 s after it, as 20,000 leaked
    // sockets did to a Node.js service: the ten minutes after the load decide.
    GateVerdict v =
        judge(
            gate()
                .signal("nodejs-active-handles", "threads")
                .pod("api-0", Shape.hump(3, 20_000, 300, 20, 20_000).rounded(), notIn(135, 312))
                .done());

    assertThat(v.verdict()).isEqualTo(Verdict.FAILED);
    assertPod(v, "nodejs-active-handles", "api-0", SignalResult.LEAK, Reason.STUCK_ABOVE_BASELINE);
  }

  @Test
  void aHoleDuringTheLoadIsNotHeldAgainstARecovery() {
    GateVerdict v =
        judge(
            gate()
                .signal("jvm-threads", "threads")
                .pod("api-0", healthy(19), notIn(30, 290))
                .done());

    assertThat(v.verdict()).isEqualTo(Verdict.PASSED);
    assertPod(v, "jvm-threads", "api-0", SignalResult.RECOVERED, Reason.BACK_TO_BASELINE);
  }

  @Test
  void onlyTheWatchedPartOfAHoleAcrossTheLoadCounts() {
    // From 1 min before the load to 1 min 45 s after it: 2 min 45 s watched, of a 7 min 45 s hole.
    GateVerdict v =
        judge(
            gate()
                .signal("jvm-threads", "threads")
                .pod("api-0", healthy(20), notIn(-60, 405))
                .done());

    assertThat(v.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertPod(v, "jvm-threads", "api-0", SignalResult.INCONCLUSIVE, Reason.DATA_GAP);
    assertThat(v.message())
        .contains(
            "no samples for 2m45s outside the load (1m before the load to 1m45s after the load)");
  }

  private static DoublePredicate notIn(double from, double to) {
    return t -> t <= from || t >= to;
  }

  @Test
  void aSingleDroppedScrapeIsNoGap() {
    GateVerdict v =
        judge(
            gate()
                .signal("jvm-threads", "threads")
                .pod("api-0", healthy(18), t -> t != 330 && t != 30)
                .done());

    assertThat(v.verdict()).isEqualTo(Verdict.PASSED);
  }

  @Test
  void nanSamplesAreMissingSamplesNotErrors() {
    Shape withNaNs = t -> Math.round(t / 15) % 2 == 0 && t > 300 ? Double.NaN : healthy(12).at(t);
    GateVerdict v = judge(gate().signal("jvm-threads", "threads").pod("api-0", withNaNs).done());

    assertPod(v, "jvm-threads", "api-0", SignalResult.INCONCLUSIVE, Reason.INSUFFICIENT_DATA);
  }

  @Test
  void aPostGcHeapThatNeverChangesAfterTheLoadIsStale() {
    double mib = 1024 * 1024;
    // No old-generation collection ran after the load: the gauge repeats its last value.
    Shape heap = t -> t < 0 ? 60 * mib + (Math.floor(t / 60) % 2) * mib : 150 * mib;
    GateVerdict v =
        judge(
            gate()
                .signal("jvm-threads", "threads")
                .pod("api-0", healthy(13))
                .done()
                .signal("old-gen-after-gc", "heap")
                .pod("api-0", heap)
                .done());

    assertThat(v.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertPod(v, "old-gen-after-gc", "api-0", SignalResult.INCONCLUSIVE, Reason.NO_GC_AFTER_LOAD);
    assertThat(v.decidedAfterSeconds()).isEqualTo(600);
  }

  @Test
  void aRecordingThatEndsBeforeADecisionSaysSo() {
    GateVerdict v =
        judge(
            RecordingBuilder.fiveMinuteLoad()
                .scrape(15, -300, 390)
                .signal("jvm-threads", "threads")
                .pod("api-0", healthy(14))
                .done());

    assertThat(v.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(v.reason()).isEqualTo(Reason.RECORDING_ENDED);
    assertPod(v, "jvm-threads", "api-0", SignalResult.INCONCLUSIVE, Reason.RECORDING_ENDED);
    assertThat(v.decidedAfterSeconds()).isEqualTo(90);
  }

  @Test
  void aPodAddedDuringTheLoadIsReportedNotJudged() {
    GateVerdict v =
        judge(
            gate()
                .signal("jvm-threads", "threads")
                .pod("api-0", healthy(15))
                .pod("api-9", Shape.flat(500), t -> t > 60)
                .done());

    assertThat(v.verdict()).isEqualTo(Verdict.PASSED);
    assertPod(v, "jvm-threads", "api-9", SignalResult.WARN, Reason.POD_ADDED_DURING_LOAD);
  }

  @Test
  void warningsAloneCannotPassAGate() {
    double mib = 1024 * 1024;
    GateVerdict v =
        judge(
            gate()
                .signal("container-rss", "memory")
                .pod("api-0", Shape.flat(300 * mib).withNoise(mib, 0.5, 16))
                .done());

    assertThat(v.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(v.reason()).isEqualTo(Reason.NO_GATING_SIGNALS);
  }
}
