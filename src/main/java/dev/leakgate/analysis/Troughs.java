package dev.leakgate.analysis;

/**
 * Follows a heap's GC troughs. A raw heap gauge is a sawtooth: it climbs with allocation and drops
 * at each collection, so its median says more about the GC period than about live data. The rolling
 * minimum over a window of about two GC periods is the post-GC level; on a native post-GC gauge
 * (already flat between collections) it changes little.
 */
final class Troughs {
  private Troughs() {}

  /**
   * The rolling-minimum window: twice the GC period seen in the baseline (time between drops), at
   * least two scrapes, at most half the shorter of the baseline and recent windows.
   */
  static double window(Window baseline, double scrapeInterval, double recentWindow) {
    double cap = Math.min(recentWindow, baseline.length()) / 2;
    int drops = countDrops(baseline.values());
    double period = drops == 0 ? baseline.length() : baseline.length() / drops;
    return Math.max(2 * scrapeInterval, Math.min(cap, 2 * period));
  }

  static Series rollingMin(Series s, double window) {
    double[] times = new double[s.size()];
    double[] mins = new double[s.size()];
    for (int i = 0; i < s.size(); i++) {
      times[i] = s.time(i);
      double min = Double.NaN;
      for (int j = i; j >= 0 && s.time(j) >= s.time(i) - window; j--) {
        double v = s.value(j);
        if (!Double.isNaN(v) && (Double.isNaN(min) || v < min)) {
          min = v;
        }
      }
      mins[i] = min;
    }
    return new Series(s.pod(), times, mins);
  }

  /**
   * Decreases larger than three robust sigmas of all sample-to-sample changes: on a sawtooth the
   * changes are mostly small climbs, and collections stand out.
   */
  private static int countDrops(double[] values) {
    if (values.length < 3) {
      return 0;
    }
    double[] diffs = new double[values.length - 1];
    for (int i = 1; i < values.length; i++) {
      diffs[i - 1] = values[i] - values[i - 1];
    }
    double threshold = 3 * Stats.robustSigma(diffs);
    int drops = 0;
    for (double d : diffs) {
      if (d < 0 && -d > threshold) {
        drops++;
      }
    }
    return drops;
  }
}
