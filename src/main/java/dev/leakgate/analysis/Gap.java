package dev.leakgate.analysis;

/**
 * A stretch between two samples of a series, and how much of it the gate watches: the baseline and
 * everything after the load, not the load itself. Values during the load decide nothing, so a
 * service too busy to answer scrapes while loaded is judged on what it shows before and after: a
 * leak that starves the scraper is still a leak (measured: 20,000 leaked sockets held a Node.js
 * service's {@code /metrics} silent for 3 minutes of a 5-minute load, and the gate ended {@code
 * DataGap} where the 10 minutes after the load showed every socket kept).
 */
record Gap(double from, double to, double watched) {
  private static final Gap NONE = new Gap(0, 0, 0);

  /** The gap with the most watched time between consecutive samples of {@code w}. */
  static Gap longestWatched(Window w, double loadStart, double loadEnd) {
    Gap longest = NONE;
    for (int i = 1; i < w.size(); i++) {
      double from = w.times()[i - 1];
      double to = w.times()[i];
      double duringLoad = Math.max(0, Math.min(to, loadEnd) - Math.max(from, loadStart));
      double watched = to - from - duringLoad;
      if (watched > longest.watched) {
        longest = new Gap(from, to, watched);
      }
    }
    return longest;
  }

  /** Whether part of the gap fell during the load and so is not counted. */
  boolean spansLoad() {
    return watched < to - from;
  }
}
