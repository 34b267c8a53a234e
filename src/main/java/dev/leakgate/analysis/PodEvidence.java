package dev.leakgate.analysis;

/**
 * What the evidence signals say about one pod: when its process restarted and when it was
 * OOM-killed during the gate (NaN: not seen).
 */
record PodEvidence(double restartAt, double oomKilledAt) {
  static final PodEvidence NONE = new PodEvidence(Double.NaN, Double.NaN);

  /** A start time that moves by more than this is a new process, not float noise. */
  private static final double START_TIME_TOLERANCE = 0.5;

  PodEvidence merge(PodEvidence other) {
    return new PodEvidence(
        earliest(restartAt, other.restartAt), earliest(oomKilledAt, other.oomKilledAt));
  }

  /** First sample from {@code from} on whose start time differs from the first one seen. */
  static PodEvidence fromStartTime(Series s, double from) {
    return restartWhere(s, from, (first, v) -> Math.abs(v - first) > START_TIME_TOLERANCE);
  }

  /**
   * First sample from {@code from} on whose restart count is above the first one seen. A count that
   * falls belongs to a replaced pod's counter, not to a restart of this one, so only a rise counts.
   */
  static PodEvidence fromRestartCount(Series s, double from) {
    return restartWhere(s, from, (first, v) -> v >= first + 0.5);
  }

  /** Whether an evidence value moved from the first one seen in a way that means a restart. */
  @FunctionalInterface
  private interface Moved {
    boolean test(double first, double value);
  }

  /** A restart at the first sample from {@code from} on that moved from the first one. */
  private static PodEvidence restartWhere(Series s, double from, Moved moved) {
    Window w = s.window(from, Double.POSITIVE_INFINITY);
    for (int i = 1; i < w.size(); i++) {
      if (moved.test(w.values()[0], w.values()[i])) {
        return new PodEvidence(w.times()[i], Double.NaN);
      }
    }
    return NONE;
  }

  /**
   * An OOM kill during the gate: the flag turning on after {@code from}, or on at a restart seen
   * after {@code from}. A flag that was on from the first sample without a restart is an older
   * kill, from before the gate.
   */
  static double oomKilledAt(Series s, double from, double restartAt) {
    Window w = s.window(from, Double.POSITIVE_INFINITY);
    for (int i = 0; i < w.size(); i++) {
      boolean on = w.values()[i] >= 0.5;
      boolean turnedOn = i > 0 && w.values()[i - 1] < 0.5;
      boolean afterRestart = !Double.isNaN(restartAt) && w.times()[i] >= restartAt;
      if (on && (turnedOn || afterRestart)) {
        return w.times()[i];
      }
    }
    return Double.NaN;
  }

  private static double earliest(double a, double b) {
    if (Double.isNaN(a)) {
      return b;
    }
    return Double.isNaN(b) ? a : Math.min(a, b);
  }
}
