package dev.leakgate.analysis;

/**
 * What one pod's signal looked like at one evaluation: the judged level and trend of the recent
 * window, and the raw peak and last sample.
 *
 * @param level the median of the level window
 * @param current the level carried to {@code time}: on a significant fall, the median stands for
 *     the middle of its window, so the window's own slope over that half window is added; else the
 *     median
 * @param sufficient whether the recent window held enough samples to judge on
 */
record Observation(
    double time,
    double level,
    double current,
    Trend trend,
    double peak,
    double last,
    double coverage,
    boolean sufficient) {

  static Observation none(double time) {
    return new Observation(
        time, Double.NaN, Double.NaN, Trend.NONE, Double.NaN, Double.NaN, 0, false);
  }
}
