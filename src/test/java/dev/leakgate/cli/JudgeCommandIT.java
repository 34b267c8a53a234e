package dev.leakgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leakgate.testing.Leakgate;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code leakgate judge} as a user runs it: the packaged jar, no cluster, no kubeconfig. */
class JudgeCommandIT {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Path EXAMPLES = Path.of("examples/recordings");

  @TempDir Path home;

  private static List<JsonNode> jsonLines(Leakgate.Result result) throws Exception {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : result.stdoutLines()) {
      JsonNode node = MAPPER.readTree(line);
      assertThat(node.isObject()).as("stdout line is a JSON object: %s", line).isTrue();
      lines.add(node);
    }
    return lines;
  }

  @Test
  void jsonOutputIsOneObjectPerRecordingAndNothingElse() throws Exception {
    Leakgate.Result result;
    // Quarkus' HTTP port taken: a command-line mode that opened a listener would fail to start.
    try (ServerSocket taken = occupy(8080)) {
      result = Leakgate.run(home, "judge", "--output", "json", EXAMPLES.toString());
    }

    assertThat(result.exitCode()).as(result.stderr()).isEqualTo(ExitCodes.FAILED);
    List<JsonNode> lines = jsonLines(result);
    assertThat(lines).hasSize(2);
    // Sorted by name: checkout-fixed.json, then checkout-leak.json.
    JsonNode fixed = lines.get(0);
    assertThat(fixed.get("file").asText()).isEqualTo("examples/recordings/checkout-fixed.json");
    assertThat(fixed.get("verdict").asText()).isEqualTo("Passed");
    assertThat(fixed.get("reason").asText()).isEqualTo("SignalsRecovered");
    JsonNode leak = lines.get(1);
    assertThat(leak.get("verdict").asText()).isEqualTo("Failed");
    assertThat(leak.get("reason").asText()).isEqualTo("StuckAboveBaseline");
    assertThat(leak.get("decidedAfterSeconds").asDouble()).isEqualTo(300);
    JsonNode threads = leak.get("signals").get(0);
    assertThat(threads.get("name").asText()).isEqualTo("jvm-threads");
    assertThat(threads.get("kind").asText()).isEqualTo("threads");
    assertThat(threads.get("gating").asBoolean()).isTrue();
    assertThat(threads.get("result").asText()).isEqualTo("Leak");
    JsonNode pod = threads.get("pods").get(0);
    assertThat(pod.get("pod").asText()).isEqualTo("checkout-7d9f8c6b5-x2k4p");
    assertThat(pod.get("result").asText()).isEqualTo("Leak");
    assertThat(pod.get("reason").asText()).isEqualTo("StuckAboveBaseline");
    assertThat(pod.get("baseline").asDouble()).isEqualTo(42);
    assertThat(pod.get("allowed").asDouble()).isEqualTo(47);
    assertThat(pod.get("last").asDouble()).isGreaterThan(15_000);
    for (String field : List.of("peak", "slopePerHour", "message")) {
      assertThat(pod.has(field)).as(field).isTrue();
    }
    assertThat(result.stderr()).doesNotContain("Starting operator");
  }

  /** Binds the port, or returns null when something else already holds it (just as good here). */
  private static ServerSocket occupy(int port) {
    try {
      return new ServerSocket(port, 1, InetAddress.getByName("0.0.0.0"));
    } catch (IOException e) {
      return null;
    }
  }

  @Test
  void anInvalidRecordingGetsItsOwnLineAndTheOthersAreStillJudged() throws Exception {
    Path dir = Files.createDirectory(home.resolve("recordings"));
    Files.copy(EXAMPLES.resolve("checkout-fixed.json"), dir.resolve("a-fixed.json"));
    Files.writeString(dir.resolve("b-broken.json"), "{\"loadStart\": 5, \"loadEnd\": 1}");
    Files.writeString(dir.resolve("notes.txt"), "not a recording");

    Leakgate.Result result = Leakgate.run(home, "judge", "--output", "json", dir.toString());

    assertThat(result.exitCode()).isEqualTo(ExitCodes.ERROR);
    List<JsonNode> lines = jsonLines(result);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0).get("verdict").asText()).isEqualTo("Passed");
    JsonNode invalid = lines.get(1);
    assertThat(invalid.get("file").asText()).endsWith("b-broken.json");
    assertThat(invalid.get("verdict").asText()).isEqualTo("Invalid");
    assertThat(invalid.get("decidedAfterSeconds").isNull()).isTrue();
    assertThat(invalid.get("error").get("field").asText()).isEqualTo("loadEnd");
    assertThat(invalid.get("error").get("message").asText()).contains("before load start");
  }

  @Test
  void exitCodesRankFailedOverInconclusiveOverPassed() throws Exception {
    Path fixed = EXAMPLES.resolve("checkout-fixed.json");
    Path leak = EXAMPLES.resolve("checkout-leak.json");
    // The leak's recording cut right after its load: it ends before any decision.
    JsonNode cut = MAPPER.readTree(leak.toFile());
    for (JsonNode signal : cut.get("signals")) {
      for (JsonNode series : signal.at("/data/result")) {
        var values = (com.fasterxml.jackson.databind.node.ArrayNode) series.get("values");
        for (int i = values.size() - 1; i >= 0; i--) {
          if (values.get(i).get(0).asLong() > 1795860330L) {
            values.remove(i);
          }
        }
      }
    }
    Path ended = home.resolve("ended.json");
    MAPPER.writeValue(ended.toFile(), cut);

    assertThat(Leakgate.run(home, "judge", fixed.toString()).exitCode()).isEqualTo(0);
    Leakgate.Result inconclusive = Leakgate.run(home, "judge", "--output=json", ended.toString());
    assertThat(inconclusive.exitCode()).isEqualTo(ExitCodes.INCONCLUSIVE);
    JsonNode line = jsonLines(inconclusive).get(0);
    assertThat(line.get("reason").asText()).isEqualTo("RecordingEnded");
    // Numbers that do not exist are null, never NaN.
    assertThat(line.at("/signals/0/pods/0/slopePerHour").isNull()).isTrue();
    assertThat(
            Leakgate.run(home, "judge", ended.toString(), fixed.toString(), leak.toString())
                .exitCode())
        .isEqualTo(ExitCodes.FAILED);
  }

  @Test
  void anEmptyDirectoryAndBadArgumentsAreErrorsNotVerdicts() throws Exception {
    Path empty = Files.createDirectory(home.resolve("empty"));
    Leakgate.Result emptyDir = Leakgate.run(home, "judge", empty.toString());
    assertThat(emptyDir.exitCode()).isEqualTo(ExitCodes.ERROR);
    assertThat(emptyDir.stderr()).contains("holds no *.json recordings");

    Leakgate.Result badOption = Leakgate.run(home, "judge", "--output", "yaml", "x.json");
    assertThat(badOption.exitCode()).isEqualTo(ExitCodes.ERROR);
    assertThat(badOption.stdout()).isEmpty();
    assertThat(badOption.stderr()).contains("--output").contains("yaml");

    Leakgate.Result noPath = Leakgate.run(home, "judge");
    assertThat(noPath.exitCode()).isEqualTo(ExitCodes.ERROR);
    assertThat(noPath.stderr()).contains("Missing required parameter");

    Leakgate.Result missing = Leakgate.run(home, "judge", "--output", "json", "nope.json");
    assertThat(missing.exitCode()).isEqualTo(ExitCodes.ERROR);
    assertThat(jsonLines(missing).get(0).at("/error/message").asText()).isEqualTo("no such file");
  }

  /** The README promises an output for its first command; keep the promise true. */
  @Test
  void theReadmeShowsWhatJudgeReallyPrints() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    Matcher block =
        Pattern.compile("<!-- judge-example -->\\s*```text\\n(.*?)```", Pattern.DOTALL)
            .matcher(readme);
    assertThat(block.find()).as("README has a judge-example block").isTrue();

    Leakgate.Result result =
        Leakgate.run(home, "judge", EXAMPLES.resolve("checkout-leak.json").toString());

    assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(block.group(1).strip()).isEqualTo(result.stdout().strip());
  }
}
