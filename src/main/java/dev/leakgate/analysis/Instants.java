package dev.leakgate.analysis;

import java.time.Duration;
import java.time.Instant;

/** Conversions between java.time and the engine's Unix seconds. */
final class Instants {
  private Instants() {}

  static double toSeconds(Instant instant) {
    return instant.getEpochSecond() + instant.getNano() / 1e9;
  }

  static double toSeconds(Duration duration) {
    return duration.toNanos() / 1e9;
  }
}
