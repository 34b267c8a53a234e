package dev.leakgate.analysis;

import java.util.Arrays;

/** Robust statistics on small samples. NaN-free input is the caller's job. */
final class Stats {
  /** Scales a median absolute deviation to a standard deviation under normal noise. */
  static final double MAD_TO_SIGMA = 1.4826;

  private Stats() {}

  static double median(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  /** Robust sigma: 1.4826 x the median absolute deviation from the median. */
  static double robustSigma(double[] values) {
    if (values.length < 2) {
      return 0;
    }
    double m = median(values);
    double[] deviations = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      deviations[i] = Math.abs(values[i] - m);
    }
    return MAD_TO_SIGMA * median(deviations);
  }

  /**
   * Upper quantile of the standard normal distribution: the z with P(Z > z) = p. Acklam's rational
   * approximation, relative error below 1.2e-9, ample for test thresholds.
   */
  static double upperNormalQuantile(double p) {
    return -inverseNormalCdf(p);
  }

  static double inverseNormalCdf(double p) {
    if (!(p > 0 && p < 1)) {
      throw new IllegalArgumentException("p must be in (0, 1): " + p);
    }
    final double[] a = {
      -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
      1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00
    };
    final double[] b = {
      -5.447609879822406e+01,
      1.615858368580409e+02,
      -1.556989798598866e+02,
      6.680131188771972e+01,
      -1.328068155288572e+01
    };
    final double[] c = {
      -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
      -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00
    };
    final double[] d = {
      7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00
    };
    double low = 0.02425;
    if (p < low) {
      double q = Math.sqrt(-2 * Math.log(p));
      return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
          / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    if (p > 1 - low) {
      double q = Math.sqrt(-2 * Math.log(1 - p));
      return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
          / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    double q = p - 0.5;
    double r = q * q;
    return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5])
        * q
        / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }

  /**
   * Thins a window to about {@code target} points: the median of each equal-width time bucket
   * (never narrower than one scrape interval), so 1 s and 30 s scrapes give statistics of the same
   * power and a single spike does not move a point.
   */
  static Window thin(Window w, double scrapeInterval, int target) {
    if (w.isEmpty()) {
      return w;
    }
    double width = Math.max(scrapeInterval, w.length() / target);
    int buckets = Math.max(1, (int) Math.ceil(w.length() / width - 1e-9));
    double[] times = new double[buckets];
    double[] values = new double[buckets];
    int out = 0;
    int i = 0;
    for (int bucket = 0; bucket < buckets; bucket++) {
      double end =
          bucket == buckets - 1 ? Double.POSITIVE_INFINITY : w.from() + (bucket + 1) * width;
      int start = i;
      while (i < w.size() && w.times()[i] < end) {
        i++;
      }
      if (i > start) {
        times[out] = Stats.median(Arrays.copyOfRange(w.times(), start, i));
        values[out] = Stats.median(Arrays.copyOfRange(w.values(), start, i));
        out++;
      }
    }
    return new Window(w.from(), w.to(), Arrays.copyOf(times, out), Arrays.copyOf(values, out));
  }
}
