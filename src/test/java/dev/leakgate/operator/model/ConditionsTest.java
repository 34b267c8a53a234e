package dev.leakgate.operator.model;

import static dev.leakgate.operator.steps.Gates.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.leakgate.operator.steps.Gates;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {

  private static LeakGateStatus ended(Phase phase, String reason) {
    LeakGateStatus status = Gates.status(phase);
    status.reason = reason;
    status.message = "why";
    return status;
  }

  private static Condition get(List<Condition> conditions, String type) {
    return conditions.stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
  }

  @Test
  void everyFinalPhaseIsCompleteAndOnlyAPassPasses() {
    for (Phase phase : Phase.values()) {
      List<Condition> c = Conditions.of(ended(phase, "R"), 3, true, T0);
      assertThat(get(c, "Complete").getStatus())
          .as(phase.name())
          .isEqualTo(phase.isFinal() ? "True" : "False");
      assertThat(get(c, "Passed").getStatus())
          .as(phase.name())
          .isEqualTo(phase == Phase.Passed ? "True" : "False");
      assertThat(c).allSatisfy(x -> assertThat(x.getObservedGeneration()).isEqualTo(3L));
    }
    assertThat(
            get(Conditions.of(ended(Phase.Error, "TargetNotFound"), 1, true, T0), "Passed")
                .getReason())
        .isEqualTo("TargetNotFound");
  }

  @Test
  void anInconclusiveGateThatAllowsItPassesWithItsOwnReason() {
    List<Condition> allowed = Conditions.of(ended(Phase.Inconclusive, "Restarted"), 1, false, T0);
    assertThat(get(allowed, "Passed").getStatus()).isEqualTo("True");
    assertThat(get(allowed, "Passed").getReason()).isEqualTo("InconclusiveAllowed");

    List<Condition> blocked = Conditions.of(ended(Phase.Inconclusive, "Restarted"), 1, true, T0);
    assertThat(get(blocked, "Passed").getStatus()).isEqualTo("False");
    assertThat(get(blocked, "Passed").getReason()).isEqualTo("Restarted");
  }

  @Test
  void theTransitionTimeMovesOnlyWhenTheStatusChanges() {
    LeakGateStatus status = Gates.status(Phase.Baseline);
    status.conditions = new ArrayList<>(Conditions.of(status, 1, true, T0));

    status.phase = Phase.Loading;
    List<Condition> later = Conditions.of(status, 1, true, T0.plusSeconds(300));
    assertThat(get(later, "Complete").getLastTransitionTime()).isEqualTo(T0.toString());

    status.conditions = new ArrayList<>(later);
    status.phase = Phase.Passed;
    status.reason = "SignalsRecovered";
    List<Condition> done = Conditions.of(status, 1, true, T0.plusSeconds(900));
    assertThat(get(done, "Complete").getLastTransitionTime())
        .isEqualTo(T0.plusSeconds(900).toString());
    assertThat(get(done, "Passed").getReason()).isEqualTo("SignalsRecovered");
  }
}
