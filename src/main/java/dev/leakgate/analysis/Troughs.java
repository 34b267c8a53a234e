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
   * The rolling-minimum window: half the shorter of the baseline and recent windows (2.25 min at
   * defaults), at least two scrapes. It covers GC periods up to its own length without estimating
   * the period, an estimate noise can fool (dips counted as collections shorten the window); it
   * scored no worse than the estimate on the benchmark. A long window costs nothing on the way down
   * (a new low shows at once) and lags a rise by its length, which the recovery window absorbs.
   */
  static double window(double baselineLength, double scrapeInterval, double recentWindow) {
    return Math.max(2 * scrapeInterval, Math.min(recentWindow, baselineLength) / 2);
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
}
