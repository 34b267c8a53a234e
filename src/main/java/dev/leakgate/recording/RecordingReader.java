package dev.leakgate.recording;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leakgate.analysis.GateInput;
import dev.leakgate.analysis.GateSettings;
import dev.leakgate.analysis.Recovery;
import dev.leakgate.analysis.Series;
import dev.leakgate.analysis.SignalInput;
import dev.leakgate.analysis.SignalKind;
import dev.leakgate.analysis.Tolerance;
import io.fabric8.kubernetes.api.model.Quantity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads a recording (docs/recording-format.md) into the verdict engine's input. Every problem is
 * reported with the JSON path of the field at fault; unknown fields are ignored.
 */
public final class RecordingReader {
  private final ObjectMapper mapper = new ObjectMapper();

  public GateInput read(Path file) throws IOException, InvalidRecordingException {
    JsonNode root;
    try {
      root = mapper.readTree(Files.readAllBytes(file));
    } catch (JsonProcessingException e) {
      throw new InvalidRecordingException(
          "$", "not valid JSON: " + e.getOriginalMessage() + locationOf(e));
    }
    return read(root);
  }

  /**
   * Recordings without a version are version 1, the format before the field existed: they read
   * unchanged. A newer version may carry fields that change what the data means, so it is refused
   * rather than judged on what this reader understands.
   */
  private static void checkVersion(JsonNode version) throws InvalidRecordingException {
    if (version == null) {
      return;
    }
    if (!version.isInt()) {
      throw new InvalidRecordingException(
          "version",
          "must be a whole number (this LeakGate writes " + RecordingHeader.VERSION + ")");
    }
    if (version.asInt() < 1 || version.asInt() > RecordingHeader.VERSION) {
      throw new InvalidRecordingException(
          "version",
          "is "
              + version.asInt()
              + ", and this LeakGate reads versions 1 to "
              + RecordingHeader.VERSION
              + ": judge it with the LeakGate that wrote it, or a newer one");
    }
  }

  public GateInput read(JsonNode root) throws InvalidRecordingException {
    if (root == null || !root.isObject()) {
      throw new InvalidRecordingException("$", "a recording must be a JSON object");
    }
    checkVersion(root.get("version"));
    Instant loadStart = instant(root, "loadStart");
    Instant loadEnd = instant(root, "loadEnd");
    if (loadEnd.isBefore(loadStart)) {
      throw new InvalidRecordingException(
          "loadEnd", "load end " + loadEnd + " is before load start " + loadStart);
    }
    GateSettings settings = settings(root);
    JsonNode signalsNode = root.get("signals");
    if (signalsNode == null || !signalsNode.isArray() || signalsNode.isEmpty()) {
      throw new InvalidRecordingException("signals", "needs a non-empty array of signals");
    }
    List<SignalInput> signals = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < signalsNode.size(); i++) {
      SignalInput signal = signal(signalsNode.get(i), "signals[" + i + "]");
      if (!names.add(signal.name())) {
        throw new InvalidRecordingException(
            "signals[" + i + "].name", "signal name '" + signal.name() + "' appears twice");
      }
      signals.add(signal);
    }
    Optional<Instant> recordedUntil =
        root.has("recordedUntil") ? Optional.of(instant(root, "recordedUntil")) : Optional.empty();
    if (recordedUntil.isPresent() && recordedUntil.get().isBefore(loadEnd)) {
      throw new InvalidRecordingException(
          "recordedUntil", "recorded until " + recordedUntil.get() + ", before the load end");
    }
    return new GateInput(loadStart, loadEnd, settings, signals, recordedUntil);
  }

  private GateSettings settings(JsonNode root) throws InvalidRecordingException {
    Duration window =
        optionalDuration(root.path("baseline"), "window", "baseline.window")
            .orElse(GateSettings.DEFAULT_BASELINE_WINDOW);
    JsonNode recovery = root.path("recovery");
    Optional<Duration> grace = optionalDuration(recovery, "grace", "recovery.grace");
    Duration timeout =
        optionalDuration(recovery, "timeout", "recovery.timeout").orElse(Recovery.DEFAULT_TIMEOUT);
    Optional<Duration> interval = optionalDuration(recovery, "interval", "recovery.interval");
    int settle = Recovery.DEFAULT_SETTLE;
    JsonNode settleNode = recovery.get("settle");
    if (settleNode != null) {
      if (!settleNode.canConvertToInt()
          || !settleNode.isIntegralNumber()
          || settleNode.asInt() < 1) {
        throw new InvalidRecordingException(
            "recovery.settle", "must be a whole number of at least 1, got " + settleNode);
      }
      settle = settleNode.asInt();
    }
    if (window.isZero()) {
      throw new InvalidRecordingException("baseline.window", "must be longer than 0");
    }
    if (timeout.isZero()) {
      throw new InvalidRecordingException("recovery.timeout", "must be longer than 0");
    }
    if (grace.isPresent() && grace.get().compareTo(timeout) >= 0) {
      throw new InvalidRecordingException(
          "recovery.grace", "must be shorter than recovery.timeout (" + timeout + ")");
    }
    if (interval.isPresent() && interval.get().isZero()) {
      throw new InvalidRecordingException("recovery.interval", "must be longer than 0");
    }
    return new GateSettings(window, new Recovery(grace, timeout, interval, settle));
  }

  private SignalInput signal(JsonNode node, String path) throws InvalidRecordingException {
    if (node == null || !node.isObject()) {
      throw new InvalidRecordingException(path, "a signal must be a JSON object");
    }
    String name = text(node, "name", path + ".name");
    String kindText = text(node, "kind", path + ".kind");
    SignalKind kind =
        SignalKind.fromId(kindText)
            .orElseThrow(
                () ->
                    new InvalidRecordingException(
                        path + ".kind",
                        "unknown kind '" + kindText + "'; one of " + SignalKind.allIds()));
    boolean gating = kind.gatingByDefault();
    JsonNode gatingNode = node.get("gating");
    if (gatingNode != null) {
      if (!gatingNode.isBoolean()) {
        throw new InvalidRecordingException(path + ".gating", "must be true or false");
      }
      gating = gatingNode.asBoolean();
    }
    Tolerance tolerance = tolerance(node.get("tolerance"), kind, path + ".tolerance");
    List<Series> series = series(node.get("data"), path + ".data");
    List<Series> collections =
        heapCompanion(node.get("collections"), kind, path + ".collections", "collection counter");
    List<Series> upperBounds =
        heapCompanion(node.get("upperBound"), kind, path + ".upperBound", "upper bound");
    return new SignalInput(
        name, kind, gating && !kind.isEvidence(), tolerance, series, collections, upperBounds);
  }

  /**
   * A heap signal's optional companion series, per pod: a raw gauge's garbage-collection counter,
   * or the gauge that bounds a post-GC gauge from above.
   */
  private List<Series> heapCompanion(JsonNode node, SignalKind kind, String path, String what)
      throws InvalidRecordingException {
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!kind.isHeap()) {
      throw new InvalidRecordingException(
          path, "only a heap signal has a " + what + ", this one is '" + kind.id() + "'");
    }
    if (!node.isObject()) {
      throw new InvalidRecordingException(
          path, "must be an object with the " + what + "'s 'data' (and its 'query')");
    }
    return series(node.get("data"), path + ".data");
  }

  private Tolerance tolerance(JsonNode node, SignalKind kind, String path)
      throws InvalidRecordingException {
    Tolerance defaults = kind.defaultTolerance();
    if (node == null || node.isNull()) {
      if (kind == SignalKind.COUNT) {
        throw new InvalidRecordingException(
            path, "a custom 'count' signal needs a tolerance (relative and/or absolute)");
      }
      return defaults;
    }
    if (!node.isObject()) {
      throw new InvalidRecordingException(path, "must be an object with relative and/or absolute");
    }
    JsonNode relativeNode = node.get("relative");
    JsonNode absoluteNode = node.get("absolute");
    if (kind == SignalKind.COUNT && relativeNode == null && absoluteNode == null) {
      throw new InvalidRecordingException(
          path, "a custom 'count' signal needs a tolerance (relative and/or absolute)");
    }
    double relative =
        relativeNode == null ? defaults.relative() : percent(relativeNode, path + ".relative");
    double absolute =
        absoluteNode == null ? defaults.absolute() : quantity(absoluteNode, path + ".absolute");
    return new Tolerance(relative, absolute);
  }

  private List<Series> series(JsonNode data, String path) throws InvalidRecordingException {
    if (data == null || !data.isObject()) {
      throw new InvalidRecordingException(
          path, "needs the 'data' object of a Prometheus query_range response");
    }
    JsonNode type = data.get("resultType");
    if (type == null || !"matrix".equals(type.asText())) {
      throw new InvalidRecordingException(
          path + ".resultType", "must be \"matrix\" (the data of a query_range response)");
    }
    JsonNode result = data.get("result");
    if (result == null || !result.isArray()) {
      throw new InvalidRecordingException(path + ".result", "must be an array of series");
    }
    if (result.isEmpty()) {
      throw new InvalidRecordingException(
          path + ".result", "has no series: the signal has no data");
    }
    List<Series> series = new ArrayList<>();
    Set<String> pods = new HashSet<>();
    for (int i = 0; i < result.size(); i++) {
      String seriesPath = path + ".result[" + i + "]";
      JsonNode entry = result.get(i);
      String pod = podOf(entry.get("metric"), seriesPath + ".metric");
      if (!pods.add(pod)) {
        throw new InvalidRecordingException(
            seriesPath + ".metric", "pod '" + pod + "' has two series in this signal");
      }
      series.add(samples(entry.get("values"), pod, seriesPath + ".values"));
    }
    return series;
  }

  /** The pod label, or the whole label set when there is none. */
  private static String podOf(JsonNode metric, String path) throws InvalidRecordingException {
    if (metric == null || !metric.isObject()) {
      throw new InvalidRecordingException(path, "must be an object of labels");
    }
    JsonNode pod = metric.get("pod");
    if (pod != null && pod.isTextual()) {
      return pod.asText();
    }
    Map<String, String> labels = new TreeMap<>();
    metric.properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
    StringBuilder name = new StringBuilder("{");
    labels.forEach(
        (k, v) ->
            name.append(name.length() > 1 ? "," : "")
                .append(k)
                .append("=\"")
                .append(v)
                .append('"'));
    return name.append('}').toString();
  }

  private static Series samples(JsonNode values, String pod, String path)
      throws InvalidRecordingException {
    if (values == null || !values.isArray()) {
      throw new InvalidRecordingException(path, "must be an array of [timestamp, \"value\"] pairs");
    }
    double[] times = new double[values.size()];
    double[] samples = new double[values.size()];
    Iterator<JsonNode> it = values.elements();
    for (int i = 0; it.hasNext(); i++) {
      JsonNode pair = it.next();
      String at = path + "[" + i + "]";
      if (!pair.isArray() || pair.size() != 2 || !pair.get(0).isNumber()) {
        throw new InvalidRecordingException(at, "must be [unix-seconds, \"value\"], got " + pair);
      }
      times[i] = pair.get(0).asDouble();
      samples[i] = sampleValue(pair.get(1), at);
    }
    return new Series(pod, times, samples);
  }

  /** Prometheus' sample strings; NaN and infinities are legal and mean "no usable sample". */
  private static double sampleValue(JsonNode node, String path) throws InvalidRecordingException {
    if (node.isNumber()) {
      return finiteOrNaN(node.asDouble());
    }
    String text = node.asText();
    switch (text) {
      case "NaN", "+Inf", "-Inf", "Inf" -> {
        return Double.NaN;
      }
      default -> {
        try {
          return finiteOrNaN(Double.parseDouble(text));
        } catch (NumberFormatException e) {
          throw new InvalidRecordingException(path, "'" + text + "' is not a sample value");
        }
      }
    }
  }

  private static double finiteOrNaN(double v) {
    return Double.isFinite(v) ? v : Double.NaN;
  }

  private static Instant instant(JsonNode root, String field) throws InvalidRecordingException {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      throw new InvalidRecordingException(field, "is required (RFC 3339 time or Unix seconds)");
    }
    try {
      return node.isNumber() ? Times.fromUnixSeconds(node.asDouble()) : Times.parse(node.asText());
    } catch (IllegalArgumentException e) {
      throw new InvalidRecordingException(field, e.getMessage());
    }
  }

  private static Optional<Duration> optionalDuration(JsonNode parent, String field, String path)
      throws InvalidRecordingException {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Durations.parse(node.asText()));
    } catch (IllegalArgumentException e) {
      throw new InvalidRecordingException(path, e.getMessage());
    }
  }

  private static String text(JsonNode node, String field, String path)
      throws InvalidRecordingException {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw new InvalidRecordingException(path, "is required and must be a non-empty string");
    }
    return value.asText();
  }

  /** "10%" -> 0.1. A bare number is refused: 10 could mean 10% or 1000%. */
  private static double percent(JsonNode node, String path) throws InvalidRecordingException {
    String text = node.asText().trim();
    if (!node.isTextual() || !text.endsWith("%")) {
      throw new InvalidRecordingException(path, "must be a percentage like \"10%\", got " + node);
    }
    try {
      double value = Double.parseDouble(text.substring(0, text.length() - 1));
      if (value < 0 || !Double.isFinite(value)) {
        throw new NumberFormatException();
      }
      return value / 100;
    } catch (NumberFormatException e) {
      throw new InvalidRecordingException(path, "must be a percentage like \"10%\", got " + node);
    }
  }

  /** A number or a Kubernetes quantity ("5", "16Mi", "1.5Gi"). */
  private static double quantity(JsonNode node, String path) throws InvalidRecordingException {
    if (node.isNumber()) {
      if (node.asDouble() < 0) {
        throw new InvalidRecordingException(path, "must not be negative");
      }
      return node.asDouble();
    }
    try {
      double value = new Quantity(node.asText()).getNumericalAmount().doubleValue();
      if (value < 0 || !Double.isFinite(value)) {
        throw new IllegalArgumentException();
      }
      return value;
    } catch (RuntimeException e) {
      throw new InvalidRecordingException(
          path, "'" + node.asText() + "' is not a number or a Kubernetes quantity like 16Mi");
    }
  }

  private static String locationOf(JsonProcessingException e) {
    return e.getLocation() == null
        ? ""
        : " (line "
            + e.getLocation().getLineNr()
            + ", column "
            + e.getLocation().getColumnNr()
            + ")";
  }
}
