package dev.leakgate.install;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leakgate.testing.LocalPrometheus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real helm binary (installed by .ci/install-test-deps; missing fails, never skips). */
final class Helm {
  static final Path CHART = Path.of("helm/leakgate");

  record Result(int exitCode, String out) {}

  private Helm() {}

  static Result run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(LocalPrometheus.findOnPath("helm").toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("helm %s ended", args[0]).isTrue();
    return new Result(process.exitValue(), out);
  }

  /** {@code helm template} of the chart; fails the test when helm fails. */
  static String template(String... extra) throws IOException, InterruptedException {
    List<String> args =
        new ArrayList<>(List.of("template", "leakgate", CHART.toString(), "--namespace", "lg"));
    args.addAll(List.of(extra));
    Result result = run(args.toArray(new String[0]));
    assertThat(result.exitCode()).as(result.out()).isZero();
    return result.out();
  }
}
