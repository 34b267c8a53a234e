package dev.leakgate.operator.model;

import dev.leakgate.spec.SpecSettings;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The two conditions a pipeline waits on. {@code Complete} is True in every final phase, Error
 * included, so {@code kubectl wait --for=condition=Complete} never hangs; {@code Passed} is True
 * only for a pass, or an Inconclusive the gate allows. A condition keeps its {@code
 * lastTransitionTime} while its status stays the same.
 */
public final class Conditions {
  static final String COMPLETE = "Complete";
  static final String PASSED = "Passed";

  private Conditions() {}

  public static List<Condition> of(
      LeakGateStatus status, long generation, boolean blockInconclusive, Instant now) {
    Phase phase = status.phase;
    boolean done = phase.isFinal();
    Condition complete =
        condition(
            status.conditions,
            COMPLETE,
            done,
            phase.name(),
            done ? status.message : "the gate is in phase " + phase,
            generation,
            now);
    boolean allowed = phase == Phase.Inconclusive && !blockInconclusive;
    boolean passed = phase == Phase.Passed || allowed;
    String reason =
        allowed ? SpecSettings.INCONCLUSIVE_ALLOWED : done ? status.reason : "NotDecided";
    Condition pass =
        condition(
            status.conditions,
            PASSED,
            passed,
            reason,
            done ? status.message : "no verdict yet",
            generation,
            now);
    return List.of(complete, pass);
  }

  private static Condition condition(
      List<Condition> previous,
      String type,
      boolean value,
      String reason,
      String message,
      long generation,
      Instant now) {
    String status = value ? "True" : "False";
    Optional<Condition> before =
        previous.stream().filter(c -> type.equals(c.getType())).findFirst();
    String since =
        before
            .filter(c -> status.equals(c.getStatus()) && c.getLastTransitionTime() != null)
            .map(Condition::getLastTransitionTime)
            .orElse(now.toString());
    return new ConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .withObservedGeneration(generation)
        .withLastTransitionTime(since)
        .build();
  }
}
