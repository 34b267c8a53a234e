package dev.leakgate.local;

import dev.leakgate.analysis.GateSettings;
import dev.leakgate.prometheus.LabelMatcher;
import dev.leakgate.prometheus.Preset;
import dev.leakgate.recording.Matrix;
import dev.leakgate.recording.RecordedSignal;
import dev.leakgate.recording.Recording;
import dev.leakgate.scrape.ScrapeLog;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Scraped samples as a recording: the same data {@code leakgate record} reads from Prometheus, so
 * {@code run} feeds the engine exactly what {@code judge} would read, and {@code --record} can save
 * it.
 */
final class LocalRecording {
  private LocalRecording() {}

  static Recording of(
      ScrapeLog log,
      List<String> signals,
      String pod,
      URI metricsUrl,
      GateSettings settings,
      Instant loadStart,
      Instant loadEnd,
      Instant now) {
    List<RecordedSignal> out = new ArrayList<>();
    for (String name : signals) {
      ScrapeLog.Samples samples = log.samples(name);
      RecordedSignal signal =
          new RecordedSignal(
              name,
              samples.signal().kind(),
              samples.variant().map(v -> "scrape " + metricsUrl + ": " + selector(v)),
              Optional.empty(),
              Optional.empty(),
              false,
              matrix(pod, samples.times(), samples.values()),
              Optional.empty(),
              Optional.empty());
      for (Map.Entry<Preset.Companion, double[]> c : samples.companions().entrySet()) {
        Preset.Variant naming = c.getKey().of(samples.variant().orElseThrow()).orElseThrow();
        RecordedSignal.Companion companion =
            new RecordedSignal.Companion(
                Optional.of("scrape " + metricsUrl + ": " + selector(naming)),
                matrix(pod, samples.times(), c.getValue()));
        signal =
            c.getKey() == Preset.Companion.COLLECTIONS
                ? signal.withCollections(companion)
                : signal.withUpperBound(companion);
      }
      out.add(signal);
    }
    return new Recording(loadStart, loadEnd, Optional.of(now), settings, out);
  }

  /**
   * One pod's samples, at millisecond times; a missing value is left out, as Prometheus leaves it
   * out.
   */
  private static Matrix matrix(String pod, double[] times, double[] values) {
    int n = 0;
    double[] keptTimes = new double[times.length];
    double[] keptValues = new double[values.length];
    for (int i = 0; i < times.length; i++) {
      if (!Double.isNaN(values[i])) {
        keptTimes[n] = Math.round(times[i] * 1000) / 1000.0;
        keptValues[n++] = values[i];
      }
    }
    return Matrix.ofPod(pod, Arrays.copyOf(keptTimes, n), Arrays.copyOf(keptValues, n));
  }

  /** The sample selector the signal was read with: {@code max(jvm_threads_current)}. */
  static String selector(Preset.Variant v) {
    String matchers =
        v.matchers().stream().map(LabelMatcher::promQl).collect(Collectors.joining(", "));
    return v.aggregation().promQl()
        + "("
        + v.metric()
        + (matchers.isEmpty() ? "" : "{" + matchers + "}")
        + ")";
  }
}
