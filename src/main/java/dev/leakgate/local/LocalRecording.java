package dev.leakgate.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leakgate.analysis.GateSettings;
import dev.leakgate.prometheus.LabelMatcher;
import dev.leakgate.prometheus.Preset;
import dev.leakgate.recording.RecordingHeader;
import dev.leakgate.scrape.ScrapeLog;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes scraped samples as a recording (docs/recording-format.md): the same document {@code
 * leakgate record} writes from Prometheus, so {@code run} feeds the engine exactly what {@code
 * judge} would read, and {@code --record} can save it.
 */
final class LocalRecording {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private LocalRecording() {}

  static ObjectNode of(
      ScrapeLog log,
      List<String> signals,
      String pod,
      URI metricsUrl,
      GateSettings settings,
      Instant loadStart,
      Instant loadEnd,
      Instant now) {
    ObjectNode recording = MAPPER.createObjectNode();
    RecordingHeader.write(recording, loadStart, loadEnd, settings, now);
    ArrayNode out = recording.putArray("signals");
    for (String name : signals) {
      ScrapeLog.Samples samples = log.samples(name);
      ObjectNode signal = out.addObject();
      signal.put("name", name);
      signal.put("kind", samples.signal().kind().id());
      samples
          .variant()
          .ifPresent(v -> signal.put("query", "scrape " + metricsUrl + ": " + selector(v)));
      matrix(signal.putObject("data"), pod, samples.times(), samples.values());
      for (Map.Entry<Preset.Companion, double[]> c : samples.companions().entrySet()) {
        Preset.Variant naming = c.getKey().of(samples.variant().orElseThrow()).orElseThrow();
        ObjectNode companion = signal.putObject(c.getKey().field());
        companion.put("query", "scrape " + metricsUrl + ": " + selector(naming));
        matrix(companion.putObject("data"), pod, samples.times(), c.getValue());
      }
    }
    return recording;
  }

  /** A one-pod query_range answer; a missing value is left out, as Prometheus leaves it out. */
  private static void matrix(ObjectNode data, String pod, double[] times, double[] values) {
    data.put("resultType", "matrix");
    ObjectNode series = data.putArray("result").addObject();
    series.putObject("metric").put("pod", pod);
    ArrayNode out = series.putArray("values");
    for (int i = 0; i < times.length; i++) {
      if (Double.isNaN(values[i])) {
        continue;
      }
      ArrayNode point = out.addArray();
      point.add(Math.round(times[i] * 1000) / 1000.0);
      point.add(number(values[i]));
    }
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

  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
  }
}
