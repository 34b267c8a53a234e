package dev.leakgate.analysis;

/**
 * The present samples of one series between two instants (both inclusive), ready for statistics.
 */
public record Window(double from, double to, double[] times, double[] values) {

  public int size() {
    return values.length;
  }

  public boolean isEmpty() {
    return values.length == 0;
  }

  public double length() {
    return to - from;
  }

  /** Present samples relative to how many the scrape interval promises over the window. */
  public double coverage(double scrapeInterval) {
    double expected = Math.floor(length() / scrapeInterval) + 1;
    return Math.min(1.0, size() / expected);
  }

  public double median() {
    return Stats.median(values);
  }

  public double max() {
    double m = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      m = Math.max(m, v);
    }
    return values.length == 0 ? Double.NaN : m;
  }

  public double last() {
    return values.length == 0 ? Double.NaN : values[values.length - 1];
  }
}
