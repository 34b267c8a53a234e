package dev.leakgate.analysis;

import java.time.Duration;
import java.util.Optional;

/**
 * How the gate watches after the load.
 *
 * @param grace wait after the load before judging; empty = each kind's default
 * @param timeout how long after the load a signal may take to come back
 * @param interval time between evaluations; empty = derived from the timeout and scrape interval
 * @param settle how many evaluations in a row must be in band before a signal has recovered
 */
public record Recovery(
    Optional<Duration> grace, Duration timeout, Optional<Duration> interval, int settle) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
  public static final int DEFAULT_SETTLE = 3;

  public Recovery {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("recovery timeout must be positive");
    }
    if (grace.isPresent() && (grace.get().isNegative() || grace.get().compareTo(timeout) >= 0)) {
      throw new IllegalArgumentException("recovery grace must be at least 0 and below the timeout");
    }
    if (interval.isPresent() && (interval.get().isNegative() || interval.get().isZero())) {
      throw new IllegalArgumentException("recovery interval must be positive");
    }
    if (settle < 1) {
      throw new IllegalArgumentException("recovery settle must be at least 1");
    }
  }

  public static Recovery defaults() {
    return new Recovery(Optional.empty(), DEFAULT_TIMEOUT, Optional.empty(), DEFAULT_SETTLE);
  }
}
