package dev.leakgate.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leakgate.analysis.GateInput;
import dev.leakgate.analysis.GateVerdict;
import dev.leakgate.analysis.PodVerdict;
import dev.leakgate.analysis.Reason;
import dev.leakgate.analysis.SignalResult;
import dev.leakgate.analysis.Verdict;
import dev.leakgate.load.LoadSummary;
import dev.leakgate.testing.RecordingBuilder;
import dev.leakgate.testing.Shape;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The recovery rules both hosts share, at fixed times: a 5-minute load, 15 s steps, a look every 30
 * s and the default 10-minute timeout.
 */
class RecoveryWatchTest {
  private static final Duration STEP = Duration.ofSeconds(15);
  private static final Duration EVERY = Duration.ofSeconds(30);

  private static GateInput threads(Shape shape, double dataUntil) {
    return RecordingBuilder.fiveMinuteLoad()
        .scrape(15, -300, dataUntil)
        .signal("jvm-threads", "threads")
        .pod("api-0", shape)
        .done()
        .input();
  }

  private static RecoveryWatch watch(GateInput input) {
    return new RecoveryWatch(input.settings(), STEP, EVERY);
  }

  @Test
  void theDeadlineIsTheTimeoutPlusTwoStepsAndUnreadableSignalsGetTwoLooksMore() {
    GateInput input = threads(Shape.flat(40), 900);
    Instant loadEnd = input.loadEnd();

    assertThat(watch(input).deadline(loadEnd)).isEqualTo(loadEnd.plusSeconds(600 + 30));
    assertThat(watch(input).giveUp(loadEnd)).isEqualTo(loadEnd.plusSeconds(630 + 60));
  }

  @Test
  void beforeAnyDecisionItWatchesWithWhereEachPodStands() {
    GateInput input = threads(Shape.hump(40, 300, 300, 20, 0).rounded(), 900);

    RecoveryWatch.Look look =
        watch(input).read(input, input.loadEnd(), input.loadEnd().plusSeconds(10));

    assertThat(look).isInstanceOf(RecoveryWatch.Look.Watching.class);
    List<PodVerdict> pods = ((RecoveryWatch.Look.Watching) look).standing().get(0).pods();
    assertThat(pods).extracting(PodVerdict::pod).containsExactly("api-0");
  }

  @Test
  void aLeakIsDecidedAsSoonAsTheEngineDecidesIt() {
    GateInput input = threads(Shape.hump(40, 300, 300, 20, 200).rounded(), 900);
    Instant at = input.loadEnd().plusSeconds(400);

    RecoveryWatch.Look look = watch(input).read(input, input.loadEnd(), at);

    assertThat(look).isInstanceOf(RecoveryWatch.Look.Decided.class);
    GateVerdict verdict = ((RecoveryWatch.Look.Decided) look).verdict();
    assertThat(verdict.verdict()).isEqualTo(Verdict.FAILED);
    assertThat(verdict.reason()).isEqualTo(Reason.STUCK_ABOVE_BASELINE);
    assertThat(verdict.message()).startsWith("jvm-threads on api-0:");
    // Long before the deadline: the engine's own time, not the timeout.
    assertThat(verdict.decidedAfterSeconds()).isLessThanOrEqualTo(400);
  }

  @Test
  void atTheDeadlineWhatThereIsGetsJudgedNeverWatchedFurther() {
    // The data stops 20 s after the load: nothing after it to decide on.
    GateInput input = threads(Shape.hump(40, 300, 300, 20, 0).rounded(), 320);
    RecoveryWatch watch = watch(input);
    Instant deadline = watch.deadline(input.loadEnd());

    RecoveryWatch.Look look = watch.read(input, input.loadEnd(), deadline);

    assertThat(look).isInstanceOf(RecoveryWatch.Look.Decided.class);
    GateVerdict verdict = ((RecoveryWatch.Look.Decided) look).verdict();
    assertThat(verdict.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(verdict.signals().get(0).pods().get(0).result())
        .isEqualTo(SignalResult.INCONCLUSIVE);
  }

  @Test
  void unreadableSignalsAreRetriedUntilTwoLooksAfterTheDeadlineThenNeverPass() {
    GateInput input = threads(Shape.flat(40), 900);
    RecoveryWatch watch = watch(input);
    Instant loadEnd = input.loadEnd();

    RecoveryWatch.Look retry =
        watch.unreadable("connection refused", loadEnd, loadEnd.plusSeconds(689));
    RecoveryWatch.Look end =
        watch.unreadable("connection refused", loadEnd, loadEnd.plusSeconds(690));

    assertThat(retry).isEqualTo(new RecoveryWatch.Look.Retrying("connection refused"));
    GateVerdict verdict = ((RecoveryWatch.Look.Decided) end).verdict();
    assertThat(verdict.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(verdict.reason()).isEqualTo(Reason.PROMETHEUS_UNAVAILABLE);
    assertThat(verdict.message()).endsWith(": connection refused");
    assertThat(verdict.decidedAfterSeconds()).isEqualTo(690);
  }

  @Test
  void aLoadWithoutOneSuccessTestedNothing() {
    LoadSummary refused =
        new LoadSummary(
            "http://127.0.0.1:9/api",
            "open",
            10.0,
            null,
            30,
            300,
            0,
            Map.of("connect", 300L),
            0,
            10.0,
            new LoadSummary.Latency(0, 0, 0, 0, 0));

    GateVerdict verdict = LoadVerdicts.testedNothing(refused, List.of());

    assertThat(refused.delivered()).isFalse();
    assertThat(verdict.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(verdict.reason()).isEqualTo(Reason.LOAD_NOT_DELIVERED);
    assertThat(verdict.message()).contains("connect").endsWith("so it tested nothing");
  }
}
