package dev.leakgate.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leakgate.analysis.Verdict;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A small seeded run of the accuracy benchmark in every build, so a regression shows in CI. The
 * bounds are loose (the held-out rates in docs/accuracy.md plus a wide margin), except where the
 * engine promises something absolute: no pass on broken evidence, every OOM kill caught.
 */
class AccuracyQuickTest {
  private static final String ENGINE = "LeakGate";
  private static Scores scores;

  @BeforeAll
  static void judgeASmallCorpus() {
    List<LabelledRecording> corpus = new CorpusGenerator(7).generate(40, 10, 12);
    scores =
        Scores.run(
            corpus,
            List.of(
                new EngineJudge(), new SimpleJudges.ArgoStyle(), new SimpleJudges.KayentaStyle()));
  }

  @Test
  void brokenEvidenceNeverPasses() {
    assertThat(scores.rate(ENGINE, Scores.doubtful(), Verdict.PASSED).hits()).isZero();
    // The comparison means something: the simple judges do pass on restarts and gaps.
    assertThat(scores.rate("Argo-style", Scores.doubtful(), Verdict.PASSED).rate())
        .isGreaterThan(0.3);
  }

  /**
   * Strict, unlike the rates: every frozen recording of a real Go, Node.js and Python service
   * through a real Prometheus, at the short shape and at the defaults, is judged as its build
   * deserves, the fix Passed and the leak Failed on the leaked signal of its pod.
   */
  @Test
  void everyRealRuntimeRecordingIsJudgedRight() throws Exception {
    Map<String, String> leakedSignal =
        Map.of(
            "go-stuck", "go-goroutines",
            "go-retains", "go-heap-alloc",
            "node-open", "nodejs-active-handles",
            "node-retains", "nodejs-old-space",
            "py-blocked", "python-threads");
    List<LabelledRecording> recordings = AccuracyBenchmark.realRuntimeRecordings();
    // Three rounds of the eight builds at each of the two gate shapes.
    assertThat(recordings).hasSizeGreaterThanOrEqualTo(48);
    SoftAssertions softly = new SoftAssertions();
    for (LabelledRecording r : recordings) {
      dev.leakgate.analysis.GateVerdict v =
          new dev.leakgate.analysis.VerdictEngine().judge(r.input());
      String name = r.id().substring(r.id().lastIndexOf('/') + 1);
      String gate = name.substring(0, name.lastIndexOf('-'));
      if (r.traceClass() == TraceClass.REAL_RUNTIME_HEALTHY) {
        softly.assertThat(v.verdict()).as("%s: %s", r.id(), v.message()).isEqualTo(Verdict.PASSED);
      } else {
        softly.assertThat(v.verdict()).as("%s: %s", r.id(), v.message()).isEqualTo(Verdict.FAILED);
        softly
            .assertThat(v.message())
            .as(r.id())
            .startsWith(leakedSignal.get(gate) + " on " + gate + "-0: ");
      }
    }
    softly.assertAll();
  }

  @Test
  void everyOomKillFails() {
    Wilson oom = scores.rate(ENGINE, Scores.of(TraceClass.OOM_KILL), Verdict.FAILED);
    assertThat(oom.hits()).isEqualTo(oom.n()).isPositive();
  }

  @Test
  void largeLeaksAreCaught() {
    Predicate<LabelledRecording> large =
        r ->
            r.traceClass().group == TraceClass.Group.LEAK
                && List.of("5x", "20x", "+15000").contains(r.size());
    assertThat(scores.rate(ENGINE, large, Verdict.FAILED).rate()).isGreaterThanOrEqualTo(0.9);
    assertThat(scores.rate(ENGINE, Scores.leaksOfAtLeastOneAndAHalfBands(), Verdict.FAILED).rate())
        .isGreaterThanOrEqualTo(0.85);
  }

  @Test
  void quickRecoveriesRarelyFailAndCleanDataIsRarelyInconclusive() {
    Predicate<LabelledRecording> quick =
        Scores.cleanHealthy().and(r -> r.params().contains("tau=30 "));
    assertThat(scores.rate(ENGINE, quick, Verdict.FAILED).rate()).isLessThanOrEqualTo(0.25);
    assertThat(scores.rate(ENGINE, Scores.cleanHealthy(), Verdict.INCONCLUSIVE).rate())
        .isLessThanOrEqualTo(0.10);
  }
}
