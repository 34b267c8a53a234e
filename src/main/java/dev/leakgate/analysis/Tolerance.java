package dev.leakgate.analysis;

/**
 * How far above its baseline a signal may stay. The allowed band is {@code baseline + max(absolute,
 * relative x baseline, 3 x noise)}; only upward deviation counts.
 *
 * @param relative fraction of the baseline (0.1 = 10%)
 * @param absolute floor in the signal's own unit
 */
public record Tolerance(double relative, double absolute) {
  public Tolerance {
    if (!(relative >= 0) || !(absolute >= 0)) {
      throw new IllegalArgumentException("tolerances must be non-negative numbers");
    }
  }

  /** The band's half-width above a baseline with the given noise (robust sigma). */
  public double width(double baseline, double noise) {
    return Math.max(absolute, Math.max(relative * Math.abs(baseline), 3 * noise));
  }
}
