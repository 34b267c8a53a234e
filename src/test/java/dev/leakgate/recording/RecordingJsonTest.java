package dev.leakgate.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leakgate.analysis.GateSettings;
import dev.leakgate.analysis.Recovery;
import dev.leakgate.analysis.SignalKind;
import dev.leakgate.analysis.Tolerance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The typed recording and its file: everything the repository holds survives a write and a read.
 */
class RecordingJsonTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  static Stream<Path> recordingsInTheRepository() throws IOException {
    return Stream.of(Path.of("examples/recordings"), Path.of("src/test/resources/recordings"))
        .flatMap(
            dir -> {
              try {
                return Files.walk(dir)
                    .filter(p -> p.toString().endsWith(".json"))
                    .toList()
                    .stream();
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            });
  }

  @ParameterizedTest
  @MethodSource("recordingsInTheRepository")
  void everyRecordingInTheRepositoryReadsBackEqualAfterAWrite(Path file) throws Exception {
    Recording read = RecordingJson.read(file);

    String written = MAPPER.writeValueAsString(RecordingJson.write(read));
    Recording again = RecordingJson.read(MAPPER.readTree(written));

    assertThat(again).isEqualTo(read);
    assertThat(again.signals()).hasSameSizeAs(MAPPER.readTree(file.toFile()).path("signals"));
  }

  @Test
  void aWrittenRecordingSaysWhatTheFormatDocumentsAndNoMore() throws Exception {
    Recording recording =
        new Recording(
            Instant.parse("2026-11-28T10:00:00Z"),
            Instant.parse("2026-11-28T10:05:00Z"),
            Optional.of(Instant.parse("2026-11-28T10:15:00Z")),
            new GateSettings(
                Duration.ofMinutes(5),
                new Recovery(Optional.empty(), Duration.ofMinutes(10), Optional.empty(), 3)),
            List.of(
                RecordedSignal.read(
                        "go-heap-alloc",
                        SignalKind.HEAP,
                        "max by (pod) (go_memstats_heap_alloc_bytes)",
                        true,
                        Matrix.ofPod(
                            "api-0",
                            new double[] {1795859700, 1795859715.5},
                            new double[] {1.25e6, Double.NaN}))
                    .withCollections(
                        new RecordedSignal.Companion(
                            Optional.of("max by (pod) (go_gc_duration_seconds_count)"),
                            Matrix.ofPod("api-0", new double[] {1795859700}, new double[] {7}))),
                RecordedSignal.read(
                        "queue-depth",
                        SignalKind.COUNT,
                        "sum(queue_depth)",
                        false,
                        Matrix.ofPod("api-0", new double[] {1795859700}, new double[] {3}))
                    .judgedWith(false, Optional.of(new Tolerance(0.15, 2)))));

    String text = MAPPER.writeValueAsString(RecordingJson.write(recording));
    JsonNode json = MAPPER.readTree(text);

    assertThat(json.path("version").asInt()).isEqualTo(RecordingJson.VERSION);
    assertThat(json.path("recordedUntil").asText()).isEqualTo("2026-11-28T10:15:00Z");
    JsonNode heap = json.path("signals").get(0);
    assertThat(heap.path("samples").asText()).isEqualTo("raw");
    assertThat(heap.has("gating")).as("the kind's default is not written").isFalse();
    assertThat(text)
        .as("times plain, values as Prometheus writes them")
        .contains("\"values\":[[1795859700,\"1250000\"],[1795859715.5,\"NaN\"]]");
    assertThat(heap.path("collections").path("query").asText())
        .isEqualTo("max by (pod) (go_gc_duration_seconds_count)");
    JsonNode count = json.path("signals").get(1);
    assertThat(count.path("gating").asBoolean(true)).isFalse();
    assertThat(count.path("tolerance").toString())
        .isEqualTo("{\"relative\":\"15%\",\"absolute\":2}");
    assertThat(count.has("samples")).isFalse();
    assertThat(RecordingJson.read(json)).isEqualTo(recording);
  }

  @Test
  void aHostsRecordingIsCheckedByTheRulesAFileIs() {
    Recording noSeries =
        new Recording(
            Instant.parse("2026-11-28T10:00:00Z"),
            Instant.parse("2026-11-28T10:05:00Z"),
            Optional.empty(),
            new GateSettings(
                Duration.ofMinutes(5),
                new Recovery(Optional.empty(), Duration.ofMinutes(10), Optional.empty(), 3)),
            List.of(
                RecordedSignal.read(
                    "jvm-threads",
                    SignalKind.THREADS,
                    "jvm_threads_current",
                    false,
                    Matrix.empty())));

    assertThat(noSeries.firstWithoutSeries()).map(RecordedSignal::name).hasValue("jvm-threads");
    InvalidRecordingException e =
        catchThrowableOfType(InvalidRecordingException.class, noSeries::validated);
    assertThat(e.field()).isEqualTo("signals[0].data.result");
    assertThat(e.getMessage()).contains("has no series");
  }
}
