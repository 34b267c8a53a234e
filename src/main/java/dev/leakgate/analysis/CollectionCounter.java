package dev.leakgate.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * When a runtime collected garbage, read from its collection counter beside a raw heap gauge on one
 * pod. A raw heap gauge climbs with allocation between collections and drops at each one, so only
 * the value right after a collection says anything about live data; a rise between collections is
 * allocation and must never read as a trend. The counter says which samples those are: the heap
 * sample at which the counter has moved since the previous heap sample.
 *
 * <p>Both series are matched by time: each heap sample takes the counter's latest sample at or
 * before it (one scrape gives both the same timestamp, in Prometheus and in a scraped page).
 */
final class CollectionCounter {
  /** For each collection seen: the heap sample before it and the one it was first seen at. */
  private final double[] before;

  private final double[] seenAt;
  private final double[] heapAfter;

  private CollectionCounter(double[] before, double[] seenAt, double[] heapAfter) {
    this.before = before;
    this.seenAt = seenAt;
    this.heapAfter = heapAfter;
  }

  static CollectionCounter of(Series heap, Series counter) {
    List<double[]> seen = new ArrayList<>();
    double previousTime = Double.NaN;
    double previousCount = Double.NaN;
    for (int i = 0; i < heap.size(); i++) {
      if (Double.isNaN(heap.value(i))) {
        continue;
      }
      // A heap sample with no counter sample yet counts none: a client creates a counter series at
      // its first event (prom-client's per-kind series appears at the first major collection), so
      // its appearance is a collection too.
      double count = countAt(counter, heap.time(i));
      if (Double.isNaN(count)) {
        count = 0;
      }
      // A counter that went down belongs to a new process, whose heap is fresh as after a
      // collection; the restart itself is judged from the start time.
      if (!Double.isNaN(previousCount) && count != previousCount) {
        seen.add(new double[] {previousTime, heap.time(i), heap.value(i)});
      }
      previousTime = heap.time(i);
      previousCount = count;
    }
    double[] before = new double[seen.size()];
    double[] at = new double[seen.size()];
    double[] after = new double[seen.size()];
    for (int k = 0; k < seen.size(); k++) {
      before[k] = seen.get(k)[0];
      at[k] = seen.get(k)[1];
      after[k] = seen.get(k)[2];
    }
    return new CollectionCounter(before, at, after);
  }

  /** How many collections were seen. */
  int size() {
    return seenAt.length;
  }

  /**
   * The heap held at its latest collection, at each sample of {@code heap}: the lowest value seen
   * since that collection, a post-GC gauge made from the raw one. Before the first collection seen
   * it is {@code fallback} (the GC troughs, an upper bound on live data), so a baseline without a
   * collection is still measured.
   *
   * @param fallback a series with the same sample times as {@code heap}
   */
  Series held(Series heap, Series fallback) {
    double[] times = new double[heap.size()];
    double[] values = new double[heap.size()];
    int k = -1;
    double cycleMin = Double.NaN;
    for (int i = 0; i < heap.size(); i++) {
      times[i] = heap.time(i);
      int latest = k;
      while (latest + 1 < seenAt.length && seenAt[latest + 1] <= heap.time(i)) {
        latest++;
      }
      if (latest != k) {
        k = latest;
        cycleMin = heapAfter[k];
      }
      double v = heap.value(i);
      if (Double.isNaN(v)) {
        values[i] = Double.NaN;
      } else if (k >= 0) {
        // The lowest value since the collection: a runtime sweeps after it marks (Go's heap
        // gauge still counts unswept objects at the first scrape after a collection: 2 MiB
        // where the live heap was 0.45 MiB), so the value falls for a while before allocation
        // lifts it; the cycle's low is its best reading of live data, and never rises.
        cycleMin = Math.min(cycleMin, v);
        values[i] = cycleMin;
      } else {
        values[i] = fallback.value(i);
      }
    }
    return new Series(heap.pod(), times, values);
  }

  /**
   * When the first collection that ran wholly after {@code from} (between two samples at or after
   * it) was seen, at or before {@code to}; NaN when none was.
   */
  double firstSeenBetween(double from, double to) {
    for (int k = 0; k < seenAt.length; k++) {
      if (before[k] >= from && seenAt[k] <= to) {
        return seenAt[k];
      }
    }
    return Double.NaN;
  }

  private static double countAt(Series counter, double t) {
    for (int i = counter.endAtOrBefore(t) - 1; i >= 0; i--) {
      if (!Double.isNaN(counter.value(i))) {
        return counter.value(i);
      }
    }
    return Double.NaN;
  }
}
