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
  void noCollectionSinceTheLoadWithGarbageAboveTheBandIsInconclusive() {
    // After the load the service allocates 200 KiB a second and nothing collects: its raw heap
    // climbs past the band while the last collection, during the load, left it in band. Garbage
    // and a leak look the same until something collects.
    GoHeap heap = new GoHeap(0).forcedEvery(10_000).allocatingAtRest(200 * KIB).run();

    GateVerdict v = judge(heap, true);

    assertThat(v.verdict()).as(v.message()).isEqualTo(Verdict.INCONCLUSIVE);
    assertPod(
        v, "go-heap-alloc", "recommend-0", SignalResult.INCONCLUSIVE, Reason.NO_GC_AFTER_LOAD);
    assertThat(v.message()).contains("collection counter did not move");
  }

  @Test
  void noCollectionSinceTheLoadFailsWhenItsLastCollectionLeftTheLeakBehind() {
    // The load's last collection came at its very end, and Go's forced one is due just after the
    // 2-minute recovery: what that collection left live is the retained memory.
    GoHeap heap = new GoHeap(48 * MIB).forcedEvery(10_000).run();

    GateVerdict v = judge(heap, true);

    assertThat(v.verdict()).as(v.message()).isEqualTo(Verdict.FAILED);
    assertPod(v, "go-heap-alloc", "recommend-0", SignalResult.LEAK, Reason.DID_NOT_RECOVER);
    assertThat(v.message()).contains("no collection since the load, and the last one");
  }

  @Test
  void anUncollectedOldGenerationPassesOnItsUsageWhenEvenThatIsInBand() {
    // Measured on the sample service under G1 at -Xmx256m: the old generation's post-GC value
    // stays at 8.8 MiB from before the load to the timeout (no mixed collection ran), while its
    // usage grows from 8.8 to 13.3 MiB with what young collections promoted.
    GateVerdict v = judge(postGcGauge(13.3 * MIB), true);

    assertThat(v.verdict()).as(v.message()).isEqualTo(Verdict.PASSED);
    PodVerdict pod = Verdicts.pod(v, "jvm-old-gen-after-gc", "sample-0");
    assertThat(pod.reason()).isEqualTo(Reason.IN_BAND_AT_TIMEOUT);
    assertThat(pod.message()).contains("even with its garbage the heap is in band at 13.3 MiB");
  }

  @Test
  void anUncollectedOldGenerationAboveItsBandIsInconclusiveWithOrWithoutItsUsage() {
    GateVerdict withUsage = judge(postGcGauge(40 * MIB), true);
    GateVerdict without = judge(postGcGauge(13.3 * MIB), false);

    for (GateVerdict v : List.of(withUsage, without)) {
      assertThat(v.verdict()).as(v.message()).isEqualTo(Verdict.INCONCLUSIVE);
      assertPod(
          v,
          "jvm-old-gen-after-gc",
          "sample-0",
          SignalResult.INCONCLUSIVE,
          Reason.NO_GC_AFTER_LOAD);
    }
    assertThat(withUsage.message()).contains("post-collection value did not change", "40.0 MiB");
  }

  @Test
  void aCounterResetIsACollectionAndAMissingCounterSampleIsNone() {
    Series heap = new Series("p", new double[] {0, 1, 2, 3, 4, 5}, new double[] {5, 6, 3, 2, 4, 9});
    Series counter =
        new Series("p", new double[] {0, 1, 2, 3, 4, 5}, new double[] {7, 7, 8, Double.NaN, 1, 1});

    CollectionCounter collections = CollectionCounter.of(heap, counter);

    // At 2 the count rose; at 3 it is missing (the last value, 8, carries); at 4 it went down.
    assertThat(collections.size()).isEqualTo(2);
    // A counter series that appears only at its first event (prom-client's major collections)
    // was none before: its appearance is a collection.
    Series appearing =
        new Series(
            "p",
            new double[] {0, 1, 2, 3, 4, 5},
            new double[] {Double.NaN, Double.NaN, 1, 1, 1, 1});
    assertThat(CollectionCounter.of(heap, appearing).firstSeenBetween(0, 10)).isEqualTo(2);
    assertThat(collections.firstSeenBetween(0, 10)).isEqualTo(2);
    assertThat(collections.firstSeenBetween(2, 10)).isEqualTo(4);
    Series held = collections.held(heap, heap);
    assertThat(held.value(1)).as("before any collection: the fallback").isEqualTo(6);
    assertThat(held.value(2)).as("the sample the collection was seen at").isEqualTo(3);
    assertThat(held.value(3)).as("swept lower within the same cycle").isEqualTo(2);
    assertThat(held.value(4)).as("a new cycle starts at its own value").isEqualTo(4);
    assertThat(held.value(5)).as("allocation after it never lifts the cycle's low").isEqualTo(4);
  }

  /**
   * A native post-GC gauge flat at 8.8 MiB throughout, and beside it (with {@code withUsage}) the
   * pool's usage: 8.8 MiB before the load, climbing over it to {@code usageAfter}.
   */
  private static GateVerdict judge(double[][] gauges, boolean withUsage) {
    double[] times = gauges[0];
    SignalInput signal =
        new SignalInput(
            "jvm-old-gen-after-gc",
            SignalKind.HEAP,
            true,
            SignalKind.HEAP.defaultTolerance(),
            List.of(new Series("sample-0", times, gauges[1])),
            List.of(),
            withUsage ? List.of(new Series("sample-0", times, gauges[2])) : List.of());
    return judge(signal);
  }

  private static double[][] postGcGauge(double usageAfter) {
    List<double[]> samples = new ArrayList<>();
    for (double t = LOAD_START - 60; t <= LOAD_END + 130; t++) {
      double grown = Math.min(1, Math.max(0, (t - LOAD_START) / 30));
      samples.add(new double[] {t, 8.8 * MIB, 8.8 * MIB + grown * (usageAfter - 8.8 * MIB)});
    }
    return new double[][] {
      samples.stream().mapToDouble(s -> s[0]).toArray(),
      samples.stream().mapToDouble(s -> s[1]).toArray(),
      samples.stream().mapToDouble(s -> s[2]).toArray()
    };
  }

  private static GateVerdict judge(GoHeap heap, boolean withCounter) {
    SignalInput signal =
        new SignalInput(
            "go-heap-alloc",
            SignalKind.HEAP,
            true,
            SignalKind.HEAP.defaultTolerance(),
            List.of(heap.heap),
            withCounter ? List.of(heap.collections) : List.of(),
            List.of());
    return judge(signal);
  }

  private static GateVerdict judge(SignalInput signal) {
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
    private double restAllocation = 10 * KIB;
    Series heap;
    Series collections;

    GoHeap(double retained) {
      this.retained = retained;
    }

    GoHeap forcedEvery(double seconds) {
      this.forcedPeriod = seconds;
      return this;
    }

    /** Allocation a second when no load runs: 10 KiB, the service's own metrics page. */
    GoHeap allocatingAtRest(double bytes) {
      this.restAllocation = bytes;
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
        heapNow += loading ? 5 * MIB : restAllocation;
        // Go's goal is twice the live heap, at least 4 MiB; after the load this heap only
        // collects at its forced period, as a service with a larger heap would.
        double goal = t > LOAD_END ? Double.POSITIVE_INFINITY : Math.max(4 * MIB, 2 * live);
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
