package dev.leakgate.analysis;

/**
 * A pod's pre-load level for one signal, its noise and the band it must come back into, or the
 * reason the baseline cannot be judged against.
 *
 * @param problem null when the baseline is usable
 */
record Baseline(double level, double noise, double allowed, Reason problem, String problemMessage) {

  boolean usable() {
    return problem == null;
  }

  double bandWidth() {
    return allowed - level;
  }

  /**
   * Median of the window, robust sigma of its thinned points around their trend line, and the band.
   * The window must be covered, flat (Mann-Kendall at the gate's corrected alpha, and the Sen slope
   * over the window within the band) and not dominated by noise.
   */
  static Baseline of(Window w, double scrapeInterval, Tolerance tolerance, double zTwoSided) {
    double coverage = w.coverage(scrapeInterval);
    if (w.size() < Schedule.MIN_SAMPLES || coverage < Schedule.MIN_COVERAGE) {
      return problem(
          Reason.INSUFFICIENT_BASELINE,
          String.format(
              "baseline window has %d of ~%d expected samples (%.0f%%; needs %.0f%% and at least %d)",
              w.size(),
              Math.round(w.length() / scrapeInterval) + 1,
              coverage * 100,
              Schedule.MIN_COVERAGE * 100,
              Schedule.MIN_SAMPLES));
    }
    double level = w.median();
    Window thinned = Stats.thin(w, scrapeInterval, Schedule.THINNED_POINTS);
    Trend trend = Trend.of(thinned);
    // Noise around the Sen line, not around the median: a drifting baseline would otherwise
    // count its own drift as noise, widen the band and hide both the drift and a leak.
    double noise = Stats.robustSigma(residuals(thinned, trend.slopePerSecond()));
    double width = tolerance.width(level, noise);
    double allowed = level + width;
    double drift = Math.abs(trend.slopePerSecond()) * w.length();
    if (Math.abs(trend.z()) > zTwoSided && drift > width) {
      return new Baseline(
          level,
          noise,
          allowed,
          Reason.UNSTEADY_BASELINE,
          String.format(
              "baseline drifted by %s over the window (band %s, Mann-Kendall z=%.1f)",
              Numbers.plain(drift), Numbers.plain(width), trend.z()));
    }
    double scale = Math.max(Math.abs(level), tolerance.absolute());
    if (scale > 0 && noise / scale > Schedule.MAX_RELATIVE_NOISE) {
      return new Baseline(
          level,
          noise,
          allowed,
          Reason.NOISY_BASELINE,
          String.format(
              "baseline noise %s is %.0f%% of its level %s (at most %.0f%%)",
              Numbers.plain(noise),
              noise / scale * 100,
              Numbers.plain(level),
              Schedule.MAX_RELATIVE_NOISE * 100));
    }
    return new Baseline(level, noise, allowed, null, null);
  }

  private static double[] residuals(Window w, double slope) {
    double[] out = new double[w.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = w.values()[i] - slope * (w.times()[i] - w.from());
    }
    return out;
  }

  private static Baseline problem(Reason reason, String message) {
    return new Baseline(Double.NaN, Double.NaN, Double.NaN, reason, message);
  }
}
