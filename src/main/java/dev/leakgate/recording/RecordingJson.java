package dev.leakgate.recording;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.leakgate.analysis.GateSettings;
import dev.leakgate.analysis.Recovery;
import dev.leakgate.analysis.SignalKind;
import dev.leakgate.analysis.Tolerance;
import io.fabric8.kubernetes.api.model.Quantity;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A recording's file format (docs/recording-format.md), read and written: the one place a {@link
 * Recording} meets JSON. Every problem is reported with the JSON path of the field at fault;
 * unknown fields are ignored.
 */
public final class RecordingJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * The format's version, written first in every recording. New optional fields keep it; a field
   * that changes what existing data means raises it, and older readers then refuse the file.
   */
  public static final int VERSION = 1;

  private RecordingJson() {}

  /** The recording as its file holds it, fields in the order docs/recording-format.md lists. */
  public static ObjectNode write(Recording recording) {
    ObjectNode out = MAPPER.createObjectNode();
    out.put("version", VERSION);
    out.put("loadStart", recording.loadStart().toString());
    out.put("loadEnd", recording.loadEnd().toString());
    recording.recordedUntil().ifPresent(t -> out.put("recordedUntil", t.toString()));
    GateSettings settings = recording.settings();
    out.putObject("baseline").put("window", Durations.format(settings.baselineWindow()));
    ObjectNode recovery = out.putObject("recovery");
    settings.recovery().grace().ifPresent(g -> recovery.put("grace", Durations.format(g)));
    recovery.put("timeout", Durations.format(settings.recovery().timeout()));
    settings.recovery().interval().ifPresent(i -> recovery.put("interval", Durations.format(i)));
    recovery.put("settle", settings.recovery().settle());
    ArrayNode signals = out.putArray("signals");
    for (RecordedSignal signal : recording.signals()) {
      ObjectNode s = signals.addObject();
      s.put("name", signal.name());
      s.put("kind", signal.kind().id());
      signal.query().ifPresent(q -> s.put("query", q));
      signal.gating().ifPresent(g -> s.put("gating", g));
      signal
          .tolerance()
          .ifPresent(
              t ->
                  s.putObject("tolerance")
                      .put("relative", percent(t.relative()))
                      .put("absolute", plain(t.absolute())));
      if (signal.rawSamples()) {
        s.put("samples", "raw");
      }
      s.set("data", write(signal.data()));
      signal.collections().ifPresent(c -> s.set("collections", write(c)));
      signal.upperBound().ifPresent(c -> s.set("upperBound", write(c)));
    }
    return out;
  }

  private static ObjectNode write(RecordedSignal.Companion companion) {
    ObjectNode out = MAPPER.createObjectNode();
    companion.query().ifPresent(q -> out.put("query", q));
    out.set("data", write(companion.data()));
    return out;
  }

  /** A range answer's {@code data} as Prometheus writes it: values as strings, NaN as "NaN". */
  public static ObjectNode write(Matrix matrix) {
    ObjectNode data = MAPPER.createObjectNode();
    data.put("resultType", "matrix");
    ArrayNode result = data.putArray("result");
    for (Matrix.Entry entry : matrix.result()) {
      ObjectNode series = result.addObject();
      ObjectNode metric = series.putObject("metric");
      new TreeMap<>(entry.metric()).forEach(metric::put);
      ArrayNode values = series.putArray("values");
      for (int i = 0; i < entry.times().length; i++) {
        values.addArray().add(plain(entry.times()[i])).add(sample(entry.values()[i]));
      }
    }
    return data;
  }

  private static String percent(double fraction) {
    return BigDecimal.valueOf(fraction).movePointRight(2).stripTrailingZeros().toPlainString()
        + "%";
  }

  /**
   * A number written plainly ({@code 5}, {@code 1795859700.5}), never {@code 5.0} or in scientific
   * notation.
   */
  private static BigDecimal plain(double value) {
    BigDecimal exact = BigDecimal.valueOf(value).stripTrailingZeros();
    return exact.scale() < 0 ? exact.setScale(0) : exact;
  }

  /** A value as Prometheus writes it in its JSON answers ({@code "+Inf"} is not Java's). */
  public static String sample(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  public static Recording read(Path file) throws IOException, InvalidRecordingException {
    JsonNode root;
    try {
      root = MAPPER.readTree(Files.readAllBytes(file));
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
          "version", "must be a whole number (this LeakGate writes " + VERSION + ")");
    }
    if (version.asInt() < 1 || version.asInt() > VERSION) {
      throw new InvalidRecordingException(
          "version",
          "is "
              + version.asInt()
              + ", and this LeakGate reads versions 1 to "
              + VERSION
              + ": judge it with the LeakGate that wrote it, or a newer one");
    }
  }

  /** A recording from its JSON, {@link Recording#validated validated}. */
  public static Recording read(JsonNode root) throws InvalidRecordingException {
    return parse(root).validated();
  }

  /**
   * A recording from its JSON as far as its shape goes: what {@link #read} checks beyond that (a
   * signal with no series, say) is left to {@link Recording#validated}.
   */
  public static Recording parse(JsonNode root) throws InvalidRecordingException {
    if (root == null || !root.isObject()) {
      throw new InvalidRecordingException("$", "a recording must be a JSON object");
    }
    checkVersion(root.get("version"));
    Instant loadStart = instant(root, "loadStart");
    Instant loadEnd = instant(root, "loadEnd");
    Recording.checkLoadOrder(loadStart, loadEnd);
    GateSettings settings = settings(root);
    JsonNode signalsNode = root.get("signals");
    if (signalsNode == null || !signalsNode.isArray()) {
      throw new InvalidRecordingException("signals", "needs a non-empty array of signals");
    }
    List<RecordedSignal> signals = new ArrayList<>();
    for (int i = 0; i < signalsNode.size(); i++) {
      signals.add(signal(signalsNode.get(i), "signals[" + i + "]"));
    }
    Optional<Instant> recordedUntil =
        root.has("recordedUntil") ? Optional.of(instant(root, "recordedUntil")) : Optional.empty();
    return new Recording(loadStart, loadEnd, recordedUntil, settings, signals);
  }

  private static GateSettings settings(JsonNode root) throws InvalidRecordingException {
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

  private static RecordedSignal signal(JsonNode node, String path)
      throws InvalidRecordingException {
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
    Optional<Boolean> gating = Optional.empty();
    JsonNode gatingNode = node.get("gating");
    if (gatingNode != null) {
      if (!gatingNode.isBoolean()) {
        throw new InvalidRecordingException(path + ".gating", "must be true or false");
      }
      gating = Optional.of(gatingNode.asBoolean());
    }
    Optional<Tolerance> tolerance = tolerance(node.get("tolerance"), kind, path + ".tolerance");
    Matrix data = matrix(node.get("data"), path + ".data");
    JsonNode query = node.get("query");
    return new RecordedSignal(
        name,
        kind,
        query != null && query.isTextual() ? Optional.of(query.asText()) : Optional.empty(),
        gating,
        tolerance,
        "raw".equals(node.path("samples").asText()),
        data,
        companion(node.get("collections"), kind, path + ".collections", "collection counter"),
        companion(node.get("upperBound"), kind, path + ".upperBound", "upper bound"));
  }

  /**
   * A heap signal's optional companion series, per pod: a raw gauge's garbage-collection counter,
   * or the gauge that bounds a post-GC gauge from above.
   */
  private static Optional<RecordedSignal.Companion> companion(
      JsonNode node, SignalKind kind, String path, String what) throws InvalidRecordingException {
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    Recording.checkCompanionKind(kind, path, what);
    if (!node.isObject()) {
      throw new InvalidRecordingException(
          path, "must be an object with the " + what + "'s 'data' (and its 'query')");
    }
    JsonNode query = node.get("query");
    return Optional.of(
        new RecordedSignal.Companion(
            query != null && query.isTextual() ? Optional.of(query.asText()) : Optional.empty(),
            matrix(node.get("data"), path + ".data")));
  }

  private static Optional<Tolerance> tolerance(JsonNode node, SignalKind kind, String path)
      throws InvalidRecordingException {
    if (node == null || node.isNull()) {
      return Optional.empty();
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
    return Optional.of(band(kind, relativeNode, absoluteNode, path));
  }

  /** A band from its written parts, either absent (null) for the kind's. */
  private static Tolerance band(SignalKind kind, JsonNode relative, JsonNode absolute, String path)
      throws InvalidRecordingException {
    Tolerance defaults = kind.defaultTolerance();
    return new Tolerance(
        relative == null ? defaults.relative() : percent(relative, path + ".relative"),
        absolute == null ? defaults.absolute() : quantity(absolute, path + ".absolute"));
  }

  /**
   * A band as a gate's spec writes it ({@code "10%"}, {@code "16Mi"}), either part null for the
   * kind's.
   */
  public static Tolerance tolerance(SignalKind kind, String relative, String absolute)
      throws InvalidRecordingException {
    return band(
        kind,
        relative == null ? null : TextNode.valueOf(relative),
        absolute == null ? null : TextNode.valueOf(absolute),
        "tolerance");
  }

  /** A Prometheus range answer's {@code data}, as far as its shape goes; it may have no series. */
  public static Matrix matrix(JsonNode data, String path) throws InvalidRecordingException {
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
    List<Matrix.Entry> entries = new ArrayList<>();
    for (int i = 0; i < result.size(); i++) {
      String seriesPath = path + ".result[" + i + "]";
      JsonNode entry = result.get(i);
      Map<String, String> labels = labels(entry.get("metric"), seriesPath + ".metric");
      entries.add(samples(entry.get("values"), labels, seriesPath + ".values"));
    }
    return new Matrix(entries);
  }

  private static Map<String, String> labels(JsonNode metric, String path)
      throws InvalidRecordingException {
    if (metric == null || !metric.isObject()) {
      throw new InvalidRecordingException(path, "must be an object of labels");
    }
    Map<String, String> labels = new TreeMap<>();
    metric.properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
    return labels;
  }

  private static Matrix.Entry samples(JsonNode values, Map<String, String> labels, String path)
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
    return new Matrix.Entry(labels, times, samples);
  }

  /** Prometheus' sample strings; NaN and infinities are legal, and the engine skips them. */
  private static double sampleValue(JsonNode node, String path) throws InvalidRecordingException {
    if (node.isNumber()) {
      return node.asDouble();
    }
    String text = node.asText();
    switch (text) {
      case "NaN" -> {
        return Double.NaN;
      }
      case "+Inf", "Inf" -> {
        return Double.POSITIVE_INFINITY;
      }
      case "-Inf" -> {
        return Double.NEGATIVE_INFINITY;
      }
      default -> {
        try {
          return Double.parseDouble(text);
        } catch (NumberFormatException e) {
          throw new InvalidRecordingException(path, "'" + text + "' is not a sample value");
        }
      }
    }
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
