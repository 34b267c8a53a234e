package dev.leakgate.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leakgate.recording.Times;
import dev.leakgate.testing.RecordingBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The replay decides as the live gate would: each evaluation sees only its own past. */
class ReplayTest {
  private final VerdictEngine engine = new VerdictEngine();

  static List<Object[]> cases() {
    return Recordings.typicalCases();
  }

  private static double decisionTime(GateInput input, GateVerdict verdict) {
    return Instants.toSeconds(input.loadEnd()) + verdict.decidedAfterSeconds();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void cuttingTheRecordingAtTheDecisionChangesNothing(String name, RecordingBuilder recording) {
    GateInput input = recording.input();
    GateVerdict full = engine.judge(input);

    GateVerdict cut = engine.judge(Recordings.cutAt(input, decisionTime(input, full)));

    assertThat(cut).usingRecursiveComparison().isEqualTo(full);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void whatHappensAfterTheDecisionCannotChangeIt(String name, RecordingBuilder recording) {
    GateInput input = recording.input();
    GateVerdict full = engine.judge(input);

    // After the decision, every signal jumps tenfold: a replay that peeked would notice.
    GateVerdict altered =
        engine.judge(Recordings.changeAfter(input, decisionTime(input, full), v -> v * 10));

    assertThat(altered.verdict()).isEqualTo(full.verdict());
    assertThat(altered.reason()).isEqualTo(full.reason());
    assertThat(altered.decidedAfterSeconds()).isEqualTo(full.decidedAfterSeconds());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void cuttingBeforeTheDecisionLeavesItOpen(String name, RecordingBuilder recording) {
    GateInput input = recording.input();
    GateVerdict full = engine.judge(input);
    double before = decisionTime(input, full) - 31;

    GateVerdict cut = engine.judge(Recordings.cutAt(input, before));

    assertThat(cut.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(cut.reason()).isEqualTo(Reason.RECORDING_ENDED);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aLiveGateIsUndecidedBeforeTheDecisionAndDecidesTheSameAtIt(
      String name, RecordingBuilder recording) {
    GateInput input = recording.input();
    GateVerdict full = engine.judge(input);
    double at = decisionTime(input, full);

    Optional<GateVerdict> early = engine.evaluate(input, Times.fromUnixSeconds(at - 1));
    Optional<GateVerdict> onTime = engine.evaluate(input, Times.fromUnixSeconds(at));

    assertThat(early).isEmpty();
    assertThat(onTime).get().usingRecursiveComparison().isEqualTo(full);
    assertThat(engine.evaluate(input, Instant.MAX.minusSeconds(1)))
        .get()
        .usingRecursiveComparison()
        .isEqualTo(full);
  }
}
