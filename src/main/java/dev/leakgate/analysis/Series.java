package dev.leakgate.analysis;

import java.util.Arrays;

/**
 * One pod's samples of one signal, in time order. Times are Unix seconds; a NaN value is a missing
 * sample (Prometheus writes one for a failed scrape), never an error.
 */
public final class Series {
  private final String pod;
  private final double[] times;
  private final double[] values;

  public Series(String pod, double[] times, double[] values) {
    if (times.length != values.length) {
      throw new IllegalArgumentException("times and values differ in length");
    }
    this.pod = pod;
    this.times = times.clone();
    this.values = values.clone();
    sortByTime();
  }

  public String pod() {
    return pod;
  }

  public int size() {
    return times.length;
  }

  public double time(int i) {
    return times[i];
  }

  public double value(int i) {
    return values[i];
  }

  /** Index of the first sample at or after {@code t}. */
  public int firstAtOrAfter(double t) {
    int i = Arrays.binarySearch(times, t);
    if (i < 0) {
      return -i - 1;
    }
    while (i > 0 && times[i - 1] == t) {
      i--;
    }
    return i;
  }

  /** Index one past the last sample at or before {@code t}. */
  public int endAtOrBefore(double t) {
    int i = Arrays.binarySearch(times, t);
    if (i < 0) {
      return -i - 1;
    }
    while (i < times.length - 1 && times[i + 1] == t) {
      i++;
    }
    return i + 1;
  }

  /** The present (non-NaN) samples with {@code from <= time <= to}. */
  public Window window(double from, double to) {
    int start = firstAtOrAfter(from);
    int end = endAtOrBefore(to);
    int n = 0;
    for (int i = start; i < end; i++) {
      if (!Double.isNaN(values[i])) {
        n++;
      }
    }
    double[] t = new double[n];
    double[] v = new double[n];
    int k = 0;
    for (int i = start; i < end; i++) {
      if (!Double.isNaN(values[i])) {
        t[k] = times[i];
        v[k] = values[i];
        k++;
      }
    }
    return new Window(from, to, t, v);
  }

  private void sortByTime() {
    boolean sorted = true;
    for (int i = 1; i < times.length && sorted; i++) {
      sorted = times[i - 1] <= times[i];
    }
    if (sorted) {
      return;
    }
    Integer[] order = new Integer[times.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(times[a], times[b]));
    double[] t = times.clone();
    double[] v = values.clone();
    for (int i = 0; i < order.length; i++) {
      times[i] = t[order[i]];
      values[i] = v[order[i]];
    }
  }
}
