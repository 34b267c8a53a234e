package dev.leakgate.analysis;

import dev.leakgate.testing.ExampleRecordings;
import dev.leakgate.testing.RecordingBuilder;
import dev.leakgate.testing.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/** Shared recordings of typical shapes, and ways to cut and alter them. */
final class Recordings {
  private static final double MIB = 1024 * 1024;

  private Recordings() {}

  /** Named cases at production scale (5 min baseline and load, 10 min recovery, 15 s scrapes). */
  static List<Object[]> typicalCases() {
    return List.of(
        new Object[] {"healthy threads", healthyThreads(1)},
        new Object[] {"stuck goroutines", stuckGoroutines(1)},
        new Object[] {"example leak", ExampleRecordings.leaky()},
        new Object[] {"example fixed", ExampleRecordings.fixed()},
        new Object[] {"healthy heap sawtooth", healthyHeap(1)});
  }

  static RecordingBuilder healthyThreads(double scale) {
    return gate(scale)
        .signal("jvm-threads", "threads")
        .pod("api-0", scaled(Shape.hump(40, 400, 300, 20, 0), scale).withNoise(1, 0.5, 1).rounded())
        .done();
  }

  static RecordingBuilder stuckGoroutines(double scale) {
    return gate(scale)
        .signal("go-goroutines", "goroutines")
        .pod(
            "api-0",
            scaled(Shape.hump(120, 15_500, 300, 15, 15_200), scale).withNoise(3, 0.5, 2).rounded())
        .done();
  }

  static RecordingBuilder slowRecovery(double scale) {
    return gate(scale)
        .signal("jvm-threads", "threads")
        .pod("api-0", scaled(Shape.hump(40, 440, 300, 7200, 0), scale).withNoise(0.5, 0.2, 3))
        .done();
  }

  static RecordingBuilder risingFds(double scale) {
    return gate(scale)
        .signal("process-fds", "fds")
        .pod(
            "api-0",
            scaled(Shape.hump(100, 180, 300, 30, 40).plusSlopeAfterLoad(600), scale)
                .withNoise(1, 0.3, 4)
                .rounded())
        .done();
  }

  /** A raw heap gauge: 60 MiB of live data under a 40% GC sawtooth with a 45 s period. */
  static RecordingBuilder healthyHeap(double scale) {
    return gate(scale)
        .signal("heap-used", "heap")
        .pod(
            "api-0",
            scaled(
                Shape.hump(60 * MIB, 140 * MIB, 300, 40, 0)
                    .withNoise(0.5 * MIB, 0.5, 5)
                    .sawtooth(24 * MIB, 45),
                scale))
        .done();
  }

  /** The same raw heap whose GC troughs keep rising after the load: live data accumulates. */
  static RecordingBuilder risingTroughs(double scale) {
    return gate(scale)
        .signal("heap-used", "heap")
        .pod(
            "api-0",
            scaled(
                Shape.hump(60 * MIB, 140 * MIB, 300, 40, 20 * MIB)
                    .plusSlopeAfterLoad(120 * MIB)
                    .withNoise(0.5 * MIB, 0.5, 6)
                    .sawtooth(24 * MIB, 45),
                scale))
        .done();
  }

  /**
   * A production gate at scale 1; at scale 0.1 the same gate ten times faster: 30 s baseline, 30 s
   * load, 60 s recovery, 1.5 s scrapes.
   */
  static RecordingBuilder gate(double scale) {
    RecordingBuilder b =
        RecordingBuilder.load(1795860000, 300 * scale)
            .scrape(15 * scale, -300 * scale, 900 * scale);
    if (scale != 1) {
      b.baselineWindow(seconds(300 * scale)).recovery(null, seconds(600 * scale), null, 3);
    }
    return b;
  }

  private static String seconds(double s) {
    return Math.round(s * 1000) + "ms";
  }

  /** The shape on a clock running 1/scale times faster. */
  static Shape scaled(Shape shape, double scale) {
    return t -> shape.at(t / scale);
  }

  /** The input with only the samples at or before {@code t} (Unix seconds). */
  static GateInput cutAt(GateInput input, double t) {
    return alter(input, (time, value) -> time <= t ? value : null);
  }

  /** The input with every sample after {@code t} replaced by {@code after.apply(value)}. */
  static GateInput changeAfter(GateInput input, double t, DoubleUnaryOperator after) {
    return alter(input, (time, value) -> time > t ? after.applyAsDouble(value) : value);
  }

  private interface SampleMap {
    Double apply(double time, double value);
  }

  private static GateInput alter(GateInput input, SampleMap map) {
    List<SignalInput> signals = new ArrayList<>();
    for (SignalInput signal : input.signals()) {
      List<Series> series = new ArrayList<>();
      for (Series s : signal.series()) {
        List<double[]> kept = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
          Double v = map.apply(s.time(i), s.value(i));
          if (v != null) {
            kept.add(new double[] {s.time(i), v});
          }
        }
        series.add(
            new Series(
                s.pod(),
                kept.stream().mapToDouble(p -> p[0]).toArray(),
                kept.stream().mapToDouble(p -> p[1]).toArray()));
      }
      signals.add(
          new SignalInput(
              signal.name(), signal.kind(), signal.gating(), signal.tolerance(), series));
    }
    return new GateInput(input.loadStart(), input.loadEnd(), input.settings(), signals);
  }
}
