package dev.leakgate.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leakgate.analysis.Verdict;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PhaseTest {

  @Test
  void theFinalPhasesAreTheVerdictsAndError() {
    assertThat(Arrays.stream(Phase.values()).filter(Phase::isFinal))
        .containsExactlyInAnyOrder(Phase.Passed, Phase.Failed, Phase.Inconclusive, Phase.Error);
  }

  @Test
  void everyVerdictEndsTheGateInTheFinalPhaseOfItsName() {
    for (Verdict verdict : Verdict.values()) {
      Phase phase = Phase.of(verdict);
      assertThat(phase.isFinal()).isTrue();
      assertThat(phase.name()).isEqualTo(verdict.label());
    }
  }
}
