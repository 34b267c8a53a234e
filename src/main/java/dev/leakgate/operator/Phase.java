package dev.leakgate.operator;

/** Where a gate is. The last four are final: the gate never leaves them. */
public enum Phase {
  Pending,
  Baseline,
  Loading,
  Recovering,
  Passed,
  Failed,
  Inconclusive,
  Error;

  public boolean isFinal() {
    return ordinal() >= Passed.ordinal();
  }
}
