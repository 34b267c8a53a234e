package dev.leakgate.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leakgate.analysis.GateInput;
import dev.leakgate.recording.InvalidRecordingException;
import dev.leakgate.recording.RecordingReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoublePredicate;

/**
 * Builds a recording in the documented JSON format from shapes, so tests go through the same reader
 * as {@code leakgate judge}. Times are seconds relative to the load start.
 */
public final class RecordingBuilder {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final double loadStart;
  private final double loadSeconds;
  private double scrape = 15;
  private double from;
  private double to;
  private final ObjectNode root = MAPPER.createObjectNode();
  private final List<SignalSpec> signals = new ArrayList<>();

  private RecordingBuilder(double loadStart, double loadSeconds) {
    this.loadStart = loadStart;
    this.loadSeconds = loadSeconds;
    this.from = -300;
    this.to = loadSeconds + 600;
    root.put("loadStart", java.time.Instant.ofEpochSecond((long) loadStart).toString());
    root.put(
        "loadEnd", java.time.Instant.ofEpochSecond((long) (loadStart + loadSeconds)).toString());
  }

  /** A 5 min load starting at 2026-11-28T10:00:00Z. */
  public static RecordingBuilder fiveMinuteLoad() {
    return new RecordingBuilder(1795860000, 300);
  }

  public static RecordingBuilder load(double loadStart, double loadSeconds) {
    return new RecordingBuilder(loadStart, loadSeconds);
  }

  public double loadSeconds() {
    return loadSeconds;
  }

  /** Samples every {@code seconds}, from {@code from} to {@code to} relative to the load start. */
  public RecordingBuilder scrape(double seconds, double from, double to) {
    this.scrape = seconds;
    this.from = from;
    this.to = to;
    return this;
  }

  public RecordingBuilder baselineWindow(String window) {
    root.putObject("baseline").put("window", window);
    return this;
  }

  public RecordingBuilder recovery(String grace, String timeout, String interval, int settle) {
    ObjectNode recovery = root.putObject("recovery");
    if (grace != null) {
      recovery.put("grace", grace);
    }
    recovery.put("timeout", timeout);
    if (interval != null) {
      recovery.put("interval", interval);
    }
    recovery.put("settle", settle);
    return this;
  }

  public SignalSpec signal(String name, String kind) {
    SignalSpec spec = new SignalSpec(name, kind);
    signals.add(spec);
    return spec;
  }

  public ObjectNode json() {
    ObjectNode out = root.deepCopy();
    ArrayNode array = out.putArray("signals");
    for (SignalSpec spec : signals) {
      array.add(spec.json());
    }
    return out;
  }

  public GateInput input() {
    try {
      return new RecordingReader().read(json());
    } catch (InvalidRecordingException e) {
      throw new IllegalStateException(e.field() + ": " + e.getMessage(), e);
    }
  }

  /** One signal and its pods. */
  public final class SignalSpec {
    private final ObjectNode node = MAPPER.createObjectNode();
    private final Map<String, PodSpec> pods = new LinkedHashMap<>();

    private SignalSpec(String name, String kind) {
      node.put("name", name);
      node.put("kind", kind);
    }

    public SignalSpec gating(boolean gating) {
      node.put("gating", gating);
      return this;
    }

    public SignalSpec tolerance(String relative, String absolute) {
      ObjectNode tolerance = node.putObject("tolerance");
      if (relative != null) {
        tolerance.put("relative", relative);
      }
      if (absolute != null) {
        tolerance.put("absolute", absolute);
      }
      return this;
    }

    public SignalSpec pod(String name, Shape shape) {
      return pod(name, shape, t -> true);
    }

    /** A pod whose samples exist only where {@code present} holds (gaps, late pods, vanished). */
    public SignalSpec pod(String name, Shape shape, DoublePredicate present) {
      pods.put(name, new PodSpec(shape, present));
      return this;
    }

    public RecordingBuilder done() {
      return RecordingBuilder.this;
    }

    private ObjectNode json() {
      ObjectNode out = node.deepCopy();
      ObjectNode data = out.putObject("data");
      data.put("resultType", "matrix");
      ArrayNode result = data.putArray("result");
      pods.forEach(
          (pod, spec) -> {
            ObjectNode series = result.addObject();
            series.putObject("metric").put("pod", pod);
            ArrayNode values = series.putArray("values");
            long steps = Math.round((to - from) / scrape);
            for (long k = 0; k <= steps; k++) {
              double t = from + k * scrape;
              double value = spec.shape.at(t);
              if (spec.present.test(t)) {
                ArrayNode pair = values.addArray();
                double at = round(loadStart + t);
                if (at == Math.rint(at)) {
                  pair.add((long) at);
                } else {
                  pair.add(at);
                }
                pair.add(format(value));
              }
            }
          });
      return out;
    }
  }

  private record PodSpec(Shape shape, DoublePredicate present) {}

  private static double round(double t) {
    return Math.round(t * 1000) / 1000.0;
  }

  private static String format(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Math.abs(value) >= 1000 || value == Math.rint(value)) {
      return Long.toString(Math.round(value));
    }
    return java.math.BigDecimal.valueOf(Math.round(value * 1000) / 1000.0).toPlainString();
  }
}
