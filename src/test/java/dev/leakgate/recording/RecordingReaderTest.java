package dev.leakgate.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leakgate.analysis.GateInput;
import dev.leakgate.analysis.Series;
import dev.leakgate.analysis.SignalInput;
import dev.leakgate.analysis.SignalKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecordingReaderTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final RecordingReader reader = new RecordingReader();

  private static final String MINIMAL =
      """
      {
        "loadStart": "2026-11-28T10:00:00Z",
        "loadEnd": "2026-11-28T10:05:00Z",
        "signals": [
          {"name": "jvm-threads", "kind": "threads",
           "data": {"resultType": "matrix",
                    "result": [{"metric": {"pod": "api-0"},
                                "values": [[1795859700, "42"], [1795859715, "NaN"],
                                           [1795859730, "+Inf"], [1795859745, "43.5"]]}]}}
        ]
      }
      """;

  private static ObjectNode minimal() throws Exception {
    return (ObjectNode) MAPPER.readTree(MINIMAL);
  }

  private static ObjectNode signal(ObjectNode root) {
    return (ObjectNode) root.get("signals").get(0);
  }

  private InvalidRecordingException invalid(Consumer<ObjectNode> change) throws Exception {
    ObjectNode root = minimal();
    change.accept(root);
    return catchThrowableOfType(InvalidRecordingException.class, () -> reader.read(root));
  }

  @Test
  void readsAMinimalRecordingWithDefaults() throws Exception {
    GateInput input = reader.read(minimal());

    assertThat(input.loadStart()).isEqualTo(Instant.parse("2026-11-28T10:00:00Z"));
    assertThat(input.settings().baselineWindow()).isEqualTo(Duration.ofMinutes(5));
    assertThat(input.settings().recovery().timeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(input.settings().recovery().grace()).isEmpty();
    assertThat(input.settings().recovery().settle()).isEqualTo(3);
    SignalInput signal = input.signals().get(0);
    assertThat(signal.kind()).isEqualTo(SignalKind.THREADS);
    assertThat(signal.gating()).isTrue();
    assertThat(signal.tolerance().absolute()).isEqualTo(5);
    assertThat(signal.tolerance().relative()).isEqualTo(0.10);
    Series series = signal.series().get(0);
    assertThat(series.pod()).isEqualTo("api-0");
    assertThat(series.size()).isEqualTo(4);
    assertThat(series.value(0)).isEqualTo(42);
    // NaN and infinities are legal and mean "no usable sample".
    assertThat(series.value(1)).isNaN();
    assertThat(series.value(2)).isNaN();
    assertThat(series.value(3)).isEqualTo(43.5);
  }

  @Test
  void aRecordingWithoutVersionIsVersionOneAndANewerOneIsRefusedByName() throws Exception {
    // Every recording written before the field existed has none, and reads unchanged.
    assertThat(minimal().has("version")).isFalse();
    assertThat(reader.read(minimal().put("version", 1)).signals())
        .hasSameSizeAs(reader.read(minimal()).signals());

    InvalidRecordingException newer = invalid(r -> r.put("version", 2));
    assertThat(newer.field()).isEqualTo("version");
    assertThat(newer.getMessage())
        .isEqualTo(
            "is 2, and this LeakGate reads versions 1 to 1: judge it with the LeakGate that"
                + " wrote it, or a newer one");
    assertThat(invalid(r -> r.put("version", "1")).getMessage()).startsWith("must be a whole");
    assertThat(invalid(r -> r.put("version", 0)).field()).isEqualTo("version");
  }

  @Test
  void everyWriterPutsTheVersionFirst() throws Exception {
    ObjectNode written = RecordingJson.write(RecordingJson.read(minimal()));
    assertThat(written.fieldNames().next()).isEqualTo("version");
    assertThat(written.get("version").asInt()).isEqualTo(RecordingJson.VERSION);
  }

  @Test
  void recordedUntilIsOptional() throws Exception {
    assertThat(reader.read(minimal()).recordedUntil()).isEmpty();
    ObjectNode recorded = minimal().put("recordedUntil", "2026-11-28T10:07:30Z");
    assertThat(reader.read(recorded).recordedUntil())
        .contains(Instant.parse("2026-11-28T10:07:30Z"));
  }

  @Test
  void acceptsUnixSecondsQuantitiesAndIgnoresUnknownFields() throws Exception {
    ObjectNode root = minimal();
    root.put("loadStart", 1795860000.5);
    root.put("loadEnd", 1795860300);
    root.put("comment", "recorded by hand");
    root.putObject("recovery").put("grace", "1m30s").put("timeout", "15m").put("settle", 4);
    signal(root).put("kind", "heap");
    signal(root).putObject("tolerance").put("absolute", "32Mi");

    GateInput input = reader.read(root);

    assertThat(input.loadStart()).isEqualTo(Instant.ofEpochSecond(1795860000, 500_000_000));
    assertThat(input.settings().recovery().grace()).contains(Duration.ofSeconds(90));
    assertThat(input.settings().recovery().settle()).isEqualTo(4);
    SignalInput signal = input.signals().get(0);
    assertThat(signal.tolerance().absolute()).isEqualTo(32 * 1024 * 1024);
    // The relative tolerance left out keeps the kind's default.
    assertThat(signal.tolerance().relative()).isEqualTo(0.10);
  }

  @Test
  void aSeriesWithoutPodLabelIsNamedByItsLabelSet() throws Exception {
    ObjectNode root = minimal();
    ObjectNode metric = (ObjectNode) signal(root).at("/data/result/0/metric");
    metric.removeAll();
    metric.put("instance", "10.0.0.7:8080").put("job", "api");

    assertThat(reader.read(root).signals().get(0).series().get(0).pod())
        .isEqualTo("{instance=\"10.0.0.7:8080\",job=\"api\"}");
  }

  @Test
  void memoryWarnsByDefaultAndEvidenceNeverGates() throws Exception {
    ObjectNode root = minimal();
    signal(root).put("kind", "memory");
    assertThat(reader.read(root).signals().get(0).gating()).isFalse();
    signal(root).put("kind", "start-time").put("gating", true);
    assertThat(reader.read(root).signals().get(0).gating()).isFalse();
  }

  @Test
  void unparseableJsonSaysWhere(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("broken.json");
    Files.writeString(file, "{\"loadStart\": \n  oops}");

    assertThatThrownBy(() -> reader.read(file))
        .isInstanceOfSatisfying(
            InvalidRecordingException.class,
            e -> {
              assertThat(e.field()).isEqualTo("$");
              assertThat(e.getMessage()).contains("not valid JSON").contains("line 2");
            });
  }

  @Test
  void readsAHeapSignalsCompanionSeriesByPod() throws Exception {
    ObjectNode root = minimal();
    ObjectNode heap = signal(root).put("kind", "heap");
    heap.set("collections", companion(heap));
    heap.set("upperBound", companion(heap));

    SignalInput signal = reader.read(root).signals().get(0);

    assertThat(signal.collections()).singleElement().extracting(Series::pod).isEqualTo("api-0");
    assertThat(signal.upperBounds()).singleElement().extracting(Series::size).isEqualTo(4);
    assertThat(reader.read(minimal()).signals().get(0).collections()).isEmpty();
  }

  /** A companion series: the signal's own data under a query, as record writes one. */
  private static ObjectNode companion(ObjectNode signal) {
    ObjectNode companion = MAPPER.createObjectNode().put("query", "q");
    companion.set("data", signal.get("data").deepCopy());
    return companion;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "unknown kind | signals[0].kind | unknown kind 'sockets'",
        "load end before start | loadEnd | is before load start",
        "missing load start | loadStart | is required",
        "bad time | loadStart | neither an RFC 3339 time",
        "no series | signals[0].data.result | has no series",
        "count without tolerance | signals[0].tolerance | needs a tolerance",
        "duplicate pods | signals[0].data.result[1].metric | pod 'api-0' has two series",
        "bad duration | recovery.timeout | is not a duration",
        "grace not below timeout | recovery.grace | must be shorter than recovery.timeout",
        "bad settle | recovery.settle | whole number of at least 1",
        "bare relative | signals[0].tolerance.relative | percentage like",
        "bad quantity | signals[0].tolerance.absolute | Kubernetes quantity",
        "bad sample | signals[0].data.result[0].values[1] | 'lots' is not a sample value",
        "vector data | signals[0].data.resultType | must be \"matrix\"",
        "no signals | signals | non-empty array",
        "duplicate signal | signals[1].name | appears twice",
        "missing name | signals[0].name | is required",
        "recorded before the load end | recordedUntil | before the load end",
        "collections on threads | signals[0].collections | only a heap signal has a collection",
        "upper bound without data | signals[0].upperBound.data | needs the 'data' object",
        "collections not an object | signals[0].collections | must be an object",
      })
  void eachInvalidRecordingNamesTheField(String problem, String field, String message)
      throws Exception {
    InvalidRecordingException e = invalid(root -> breakIt(problem, root));

    assertThat(e).as(problem).isNotNull();
    assertThat(e.field()).isEqualTo(field);
    assertThat(e.getMessage()).contains(message);
  }

  private static void breakIt(String problem, ObjectNode root) {
    ObjectNode signal = signal(root);
    switch (problem) {
      case "unknown kind" -> signal.put("kind", "sockets");
      case "load end before start" -> root.put("loadEnd", "2026-11-28T09:00:00Z");
      case "missing load start" -> root.remove("loadStart");
      case "bad time" -> root.put("loadStart", "yesterday");
      case "no series" -> ((ObjectNode) signal.get("data")).putArray("result");
      case "count without tolerance" -> signal.put("kind", "count");
      case "duplicate pods" ->
          signal.withArray("/data/result").add(signal.at("/data/result/0").deepCopy());
      case "bad duration" -> root.putObject("recovery").put("timeout", "10 minutes");
      case "grace not below timeout" ->
          root.putObject("recovery").put("grace", "10m").put("timeout", "10m");
      case "bad settle" -> root.putObject("recovery").put("settle", 0);
      case "bare relative" -> signal.putObject("tolerance").put("relative", 10);
      case "bad quantity" -> signal.putObject("tolerance").put("absolute", "16 megs");
      case "bad sample" ->
          ((com.fasterxml.jackson.databind.node.ArrayNode) signal.at("/data/result/0/values/1"))
              .set(1, MAPPER.getNodeFactory().textNode("lots"));
      case "vector data" -> ((ObjectNode) signal.get("data")).put("resultType", "vector");
      case "no signals" -> root.putArray("signals");
      case "duplicate signal" -> root.withArray("signals").add(signal.deepCopy());
      case "missing name" -> signal.remove("name");
      case "recorded before the load end" -> root.put("recordedUntil", "2026-11-28T10:04:00Z");
      case "collections on threads" -> signal.set("collections", companion(signal));
      case "upper bound without data" ->
          signal.put("kind", "heap").putObject("upperBound").put("query", "q");
      case "collections not an object" -> signal.put("kind", "heap").put("collections", 3);
      default -> throw new IllegalArgumentException(problem);
    }
  }
}
