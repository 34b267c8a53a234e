package dev.leakgate.analysis;

import java.util.Optional;

/**
 * One rule of judging a signal on one pod at an evaluation. The rules are tried in the order of
 * {@link PodRules#IN_ORDER}; the first with something to say ends the evaluation, either deciding
 * the pod or holding it undecided until the next one. Each rule's message is written beside its
 * reason code, so changing how a verdict is reached is one rule and one entry in that list.
 */
interface PodRule {

  /** What this rule says about {@code pod} at {@code at}; empty leaves it to the next rule. */
  Optional<Ruling> apply(PodSignalJudge pod, Moment at);

  /**
   * An evaluation.
   *
   * @param atDeadline the recovery timeout has come: every rule that can decide must
   * @param podSilent every signal of the pod stopped reporting, not just this one
   */
  record Moment(double t, boolean atDeadline, boolean podSilent) {}

  /** What a rule said. */
  sealed interface Ruling permits Decide, Hold {}

  /** The pod is decided, for good. */
  record Decide(SignalResult result, Reason reason, String message) implements Ruling {}

  /** Not decided at this evaluation, and no later rule is asked. */
  record Hold() implements Ruling {}

  Optional<Ruling> HOLD = Optional.of(new Hold());

  static Optional<Ruling> decide(SignalResult result, Reason reason, String message) {
    return Optional.of(new Decide(result, reason, message));
  }

  static Optional<Ruling> next() {
    return Optional.empty();
  }
}
