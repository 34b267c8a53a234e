package dev.leakgate.analysis;

/** How many evaluations in a row a pod has been in its band, or above it. */
final class Streak {
  private int inBand;
  private int aboveBand;

  /** One more evaluation in band; the run above it is over. */
  void inBand() {
    inBand++;
    aboveBand = 0;
  }

  /** One more evaluation above the band; the run in it is over. */
  void aboveBand() {
    aboveBand++;
    inBand = 0;
  }

  void reset() {
    inBand = 0;
    aboveBand = 0;
  }

  int inBandCount() {
    return inBand;
  }

  int aboveBandCount() {
    return aboveBand;
  }
}
