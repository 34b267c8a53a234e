package dev.leakgate.analysis;

import static dev.leakgate.analysis.Verdicts.assertPod;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A raw heap read beside the runtime's collection counter is judged on its values at collections.
 * The heap here is a model of an idle Go service (the shape of issue #16's report): allocation
 * climbs between collections, the runtime collects when the heap doubles its live data (at least 4
 * MiB) or every 2 minutes, and the short gate (60 s baseline, 30 s of load, 2 min recovery, 1 s
 * scrapes) sees one or two collections after the load.
 */
class HeapCollectionsTest {
  private static final double KIB = 1024;
  private static final double MIB = 1024 * KIB;
  private static final double LOAD_START = 1_800_000_000;
  private static final double LOAD_END = LOAD_START + 30;
  private static final GateSettings SHORT =
      new GateSettings(
          Duration.ofSeconds(60),
          new Recovery(Optional.empty(), Duration.ofMinutes(2), Optional.empty(), 3));

  @Test
  void aHealthyHeapWhoseAllocationClimbsBetweenCollectionsPasses() {
    GoHeap heap = new GoHeap(0).forcedEvery(120).run();

    GateVerdict withCounter = judge(heap, true);
    GateVerdict troughsOnly = judge(heap, false);

    assertThat(withCounter.verdict()).as(withCounter.message()).isEqualTo(Verdict.PASSED);
    PodVerdict pod = Verdicts.pod(withCounter, "go-heap-alloc", "recommend-0");
    assertThat(pod.result()).isEqualTo(SignalResult.RECOVERED);
    assertThat(pod.level()).as("the value at the collection after the load").isLessThan(MIB);
    // Without the counter the same data is the report's false failure: the troughs of a sawtooth
    // whose period is longer than their window follow allocation, and read as a rise.
    assertThat(troughsOnly.verdict()).as(troughsOnly.message()).isEqualTo(Verdict.FAILED);
    assertPod(troughsOnly, "go-heap-alloc", "recommend-0", SignalResult.LEAK, Reason.RISING_TREND);
  }

  @Test
  void retainedMemoryFailsOnTheValuesAtCollections() {
    GateVerdict v = judge(new GoHeap(48 * MIB).forcedEvery(120).run(), true);

    assertThat(v.verdict()).as(v.message()).isEqualTo(Verdict.FAILED);
    PodVerdict pod = Verdicts.pod(v, "go-heap-alloc", "recommend-0");
    assertThat(pod.result()).isEqualTo(SignalResult.LEAK);
    assertThat(pod.reason()).isIn(Reason.STUCK_ABOVE_BASELINE, Reason.DID_NOT_RECOVER);
    assertThat(pod.level()).isGreaterThan(48 * MIB);
    assertThat(v.message()).startsWith("go-heap-alloc on recommend-0: ");
  }

  @Test
  void noCollectionSinceTheLoadPassesWhenEvenTheGarbageIsInBand() {
    // The runtime's last collection was during the load, and none comes before the timeout.
    GoHeap heap = new GoHeap(0).forcedEvery(10_000).run();

    GateVerdict v = judge(heap, true);

    assertThat(v.verdict()).as(v.message()).isEqualTo(Verdict.PASSED);
    PodVerdict pod = Verdicts.pod(v, "go-heap-alloc", "recommend-0");
    assertThat(pod.reason()).isEqualTo(Reason.IN_BAND_AT_TIMEOUT);
    assertThat(pod.message()).contains("no collection since the load");
    assertThat(v.decidedAfterSeconds()).isGreaterThanOrEqualTo(120);
  }

  @Test
  void noCollectionSinceTheLoadWithTheHeapAboveItsBandIsInconclusive() {
    // Garbage and a leak look the same until something collects.
    GoHeap heap = new GoHeap(48 * MIB).forcedEvery(10_000).run();

    GateVerdict v = judge(heap, true);

    assertThat(v.verdict()).as(v.message()).isEqualTo(Verdict.INCONCLUSIVE);
    assertPod(
        v, "go-heap-alloc", "recommend-0", SignalResult.INCONCLUSIVE, Reason.NO_GC_AFTER_LOAD);
    assertThat(v.message()).contains("collection counter did not move");
  }

  @Test
  void aCounterResetIsACollectionAndAMissingCounterSampleIsNone() {
    Series heap = new Series("p", new double[] {0, 1, 2, 3, 4, 5}, new double[] {5, 6, 3, 2, 4, 9});
    Series counter =
        new Series("p", new double[] {0, 1, 2, 3, 4, 5}, new double[] {7, 7, 8, Double.NaN, 1, 1});

    CollectionCounter collections = CollectionCounter.of(heap, counter);

    // At 2 the count rose; at 3 it is missing (the last value, 8, carries); at 4 it went down.
    assertThat(collections.size()).isEqualTo(2);
    assertThat(collections.firstSeenBetween(0, 10)).isEqualTo(2);
    assertThat(collections.firstSeenBetween(2, 10)).isEqualTo(4);
    Series held = collections.held(heap, heap);
    assertThat(held.value(1)).as("before any collection: the fallback").isEqualTo(6);
    assertThat(held.value(2)).as("the sample the collection was seen at").isEqualTo(3);
    assertThat(held.value(3)).as("swept lower within the same cycle").isEqualTo(2);
    assertThat(held.value(4)).as("a new cycle starts at its own value").isEqualTo(4);
    assertThat(held.value(5)).as("allocation after it never lifts the cycle's low").isEqualTo(4);
  }

  private static GateVerdict judge(GoHeap heap, boolean withCounter) {
    SignalInput signal =
        new SignalInput(
            "go-heap-alloc",
            SignalKind.HEAP,
            true,
            SignalKind.HEAP.defaultTolerance(),
            List.of(heap.heap),
            withCounter ? List.of(heap.collections) : List.of());
    return new VerdictEngine()
        .judge(
            new GateInput(
                Instant.ofEpochSecond((long) LOAD_START),
                Instant.ofEpochSecond((long) LOAD_END),
                SHORT,
                List.of(signal)));
  }

  /**
   * A Go heap sampled every second from the baseline's start to 10 s past the timeout: 300 KiB live
   * at rest, 2 MiB more during the load at 5 MiB/s of allocation, 10 KiB/s of allocation at rest
   * (the service's own metrics page), and {@code retained} kept for good, added over the load.
   */
  private static final class GoHeap {
    private final double retained;
    private double forcedPeriod;
    Series heap;
    Series collections;

    GoHeap(double retained) {
      this.retained = retained;
    }

    GoHeap forcedEvery(double seconds) {
      this.forcedPeriod = seconds;
      return this;
    }

    GoHeap run() {
      List<double[]> samples = new ArrayList<>();
      double live = 300 * KIB;
      double heapNow = live;
      double lastGc = LOAD_START - 100;
      int gcs = 0;
      for (double t = LOAD_START - 60; t <= LOAD_END + 130; t++) {
        boolean loading = t > LOAD_START && t <= LOAD_END;
        double kept = Math.min(1, Math.max(0, (t - LOAD_START) / 30)) * retained;
        live = 300 * KIB + kept + (loading ? 2 * MIB : 0);
        heapNow += loading ? 5 * MIB : 10 * KIB;
        double goal = Math.max(4 * MIB, 2 * live);
        if (heapNow >= goal || t - lastGc >= forcedPeriod) {
          heapNow = live;
          lastGc = t;
          gcs++;
        }
        samples.add(new double[] {t, heapNow, gcs});
      }
      double[] times = samples.stream().mapToDouble(s -> s[0]).toArray();
      heap = new Series("recommend-0", times, samples.stream().mapToDouble(s -> s[1]).toArray());
      collections =
          new Series("recommend-0", times, samples.stream().mapToDouble(s -> s[2]).toArray());
      return this;
    }
  }
}
