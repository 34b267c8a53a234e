package dev.leakgate.benchmark;

/** Wilson score interval (95%) for a proportion: honest even at 0 of n. */
record Wilson(int hits, int n) {
  private static final double Z = 1.959964;

  double rate() {
    return n == 0 ? Double.NaN : (double) hits / n;
  }

  double low() {
    return bound(-1);
  }

  double high() {
    return bound(1);
  }

  private double bound(int sign) {
    if (n == 0) {
      return Double.NaN;
    }
    double p = rate();
    double z2 = Z * Z;
    double center = p + z2 / (2 * n);
    double half = Z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
    return Math.min(1, Math.max(0, (center + sign * half) / (1 + z2 / n)));
  }

  @Override
  public String toString() {
    return String.format(
        java.util.Locale.ROOT,
        "%.1f%% [%.1f, %.1f] (%d/%d)",
        rate() * 100,
        low() * 100,
        high() * 100,
        hits,
        n);
  }
}
