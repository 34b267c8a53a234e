package dev.leakgate.operator.steps;

import java.time.Duration;

/** What a phase step asks of the reconciler: run the next phase now, or look again later. */
public sealed interface Progress {

  /** The phase changed; the reconciler runs the next phase's step in the same reconcile. */
  record Moved() implements Progress {}

  /** Nothing more to do until {@code after} has passed (or a watched resource changes). */
  record Wait(Duration after) implements Progress {}

  static Progress moved() {
    return new Moved();
  }

  static Progress waitFor(Duration after) {
    return new Wait(after.isNegative() ? Duration.ZERO : after);
  }
}
