package dev.leakgate.load;

/** How requests arrive: at a fixed rate whatever the target does, or from a fixed set of users. */
public sealed interface Arrivals {

  /**
   * Open model: {@code rate} arrivals per second on a fixed schedule. An arrival that finds {@code
   * maxInFlight} requests outstanding is dropped and counted, never delayed, so a slow target
   * cannot slow the load down and hide its own latency (no coordinated omission).
   */
  record Rate(double perSecond, int maxInFlight) implements Arrivals {
    public Rate {
      if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
        throw new IllegalArgumentException("rate must be a positive number of requests/s");
      }
      if (maxInFlight < 1) {
        throw new IllegalArgumentException("max in flight must be at least 1");
      }
    }
  }

  /** Closed model: {@code workers} each send the next request as soon as the last one ended. */
  record Concurrency(int workers) implements Arrivals {
    public Concurrency {
      if (workers < 1) {
        throw new IllegalArgumentException("concurrency must be at least 1");
      }
    }
  }
}
