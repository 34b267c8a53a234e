package dev.leakgate.load;

import java.time.Duration;

/**
 * When the i-th arrival of an open-model load is due: the rate climbs linearly from 0 during the
 * ramp-up, then stays constant. Computed from i rather than by adding intervals, so rounding never
 * accumulates over millions of arrivals.
 */
final class ArrivalSchedule {
  private final double rate;
  private final double rampUpSeconds;
  private final double rampUpArrivals;

  ArrivalSchedule(double rate, Duration rampUp) {
    this.rate = rate;
    this.rampUpSeconds = rampUp.toNanos() / 1e9;
    this.rampUpArrivals = rate * rampUpSeconds / 2;
  }

  /** Seconds after the load start at which arrival {@code i} (from 0) is due. */
  double offsetSeconds(long i) {
    if (i < rampUpArrivals) {
      // arrivals by time t during the ramp: rate * t^2 / (2 * rampUp); solved for t
      return Math.sqrt(2 * rampUpSeconds * i / rate);
    }
    return rampUpSeconds + (i - rampUpArrivals) / rate;
  }

  long offsetNanos(long i) {
    return Math.round(offsetSeconds(i) * 1e9);
  }
}
