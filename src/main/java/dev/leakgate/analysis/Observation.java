package dev.leakgate.analysis;

/**
 * What one pod's signal looked like at one evaluation: the judged level and trend of the recent
 * window, and the raw peak and last sample.
 *
 * @param level the median of the level window
 * @param samples how many present samples the level window held
 * @param sufficient whether the recent window held enough samples to judge on
 */
record Observation(
    double time,
    double level,
    Trend trend,
    double peak,
    double last,
    double coverage,
    int samples,
    boolean sufficient) {

  static Observation none(double time) {
    return new Observation(time, Double.NaN, Trend.NONE, Double.NaN, Double.NaN, 0, 0, false);
  }
}
