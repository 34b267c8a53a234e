package dev.leakgate.testing;

import java.util.Random;

/**
 * A signal's value as a function of seconds since the load start, for building synthetic
 * recordings. {@code loadSeconds} is the load's length.
 */
@FunctionalInterface
public interface Shape {
  double at(double sinceLoadStart);

  static Shape flat(double level) {
    return t -> level;
  }

  /**
   * Climbs from {@code level} towards {@code peak} during the load, then decays with time constant
   * {@code tau} to {@code level + retained}: retained 0 is a healthy service, retained > 0 a leak
   * that keeps what it took.
   */
  static Shape hump(double level, double peak, double loadSeconds, double tau, double retained) {
    double atEnd = level + (peak - level) * (1 - Math.exp(-5));
    return t -> {
      if (t < 0) {
        return level;
      }
      if (t <= loadSeconds) {
        return level + (peak - level) * (1 - Math.exp(-5 * t / loadSeconds));
      }
      double excess = atEnd - level - retained;
      return level + retained + excess * Math.exp(-(t - loadSeconds) / tau);
    };
  }

  /** Adds a constant slope per hour from the load start on (a slow leak). */
  default Shape plusSlopeAfterLoad(double perHour) {
    return t -> at(t) + (t > 0 ? perHour * t / 3600 : 0);
  }

  /** Adds seeded AR(1) noise with the given stationary standard deviation and lag-1 correlation. */
  default Shape withNoise(double sd, double phi, long seed) {
    double innovation = sd * Math.sqrt(1 - phi * phi);
    Random[] random = {new Random(seed)};
    double[] state = {0};
    double[] lastT = {Double.POSITIVE_INFINITY};
    return t -> {
      // Sampled in time order, one step per sample; going back in time starts the same sequence
      // again, so a shape gives the same values each time a recording is built.
      if (t < lastT[0]) {
        random[0] = new Random(seed);
        state[0] = random[0].nextGaussian() * sd;
      } else if (t > lastT[0]) {
        state[0] = phi * state[0] + innovation * random[0].nextGaussian();
      }
      lastT[0] = t;
      return at(t) + state[0];
    };
  }

  /** Rounds to whole numbers, as counts are. */
  default Shape rounded() {
    return t -> Math.rint(at(t));
  }

  /**
   * A GC sawtooth on top of the shape: climbs by {@code amplitude} over each {@code period} seconds
   * and drops back at each collection. The shape itself is the post-GC trough.
   */
  default Shape sawtooth(double amplitude, double period) {
    return t -> at(t) + amplitude * (((t % period) + period) % period) / period;
  }

  /**
   * Holds each value for {@code period} seconds, as a post-GC gauge does: it only changes when a
   * collection runs.
   */
  default Shape steppedEvery(double period) {
    return t -> at(Math.floor(t / period) * period);
  }
}
