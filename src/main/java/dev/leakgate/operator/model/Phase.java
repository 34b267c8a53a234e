package dev.leakgate.operator.model;

import dev.leakgate.analysis.Verdict;
import java.util.EnumSet;
import java.util.Set;

/** Where a gate is. A gate never leaves a final phase. */
public enum Phase {
  Pending,
  Baseline,
  Loading,
  Recovering,
  Passed,
  Failed,
  Inconclusive,
  Error;

  private static final Set<Phase> FINAL = EnumSet.of(Passed, Failed, Inconclusive, Error);

  public boolean isFinal() {
    return FINAL.contains(this);
  }

  /** The final phase a verdict ends a gate in. */
  public static Phase of(Verdict verdict) {
    return switch (verdict) {
      case PASSED -> Passed;
      case FAILED -> Failed;
      case INCONCLUSIVE -> Inconclusive;
    };
  }
}
