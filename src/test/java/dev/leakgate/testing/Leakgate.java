package dev.leakgate.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the packaged leakgate jar as its own process, the way a user or a pipeline does: no
 * kubeconfig, no cluster, HOME in a fresh directory.
 */
public final class Leakgate {
  /** The built artifact; failsafe passes its path, and a missing jar fails the test loudly. */
  public static Path jar() {
    Path jar = Path.of(System.getProperty("leakgate.jar", "target/quarkus-app/quarkus-run.jar"));
    assertThat(jar).as("the packaged jar (run through 'mvn verify')").exists();
    return jar;
  }

  public record Result(int exitCode, String stdout, String stderr) {
    public List<String> stdoutLines() {
      return stdout.lines().toList();
    }
  }

  public static Result run(Path home, String... args) throws IOException, InterruptedException {
    return start(home, args).await(Duration.ofSeconds(60));
  }

  /**
   * {@code leakgate record} of one pod from 20 s before a load to 40 s after it, at 1 s: a short
   * gate's window around a load on a Prometheus that scrapes every second.
   */
  public static Result record(
      Path home,
      URI prometheus,
      String namespace,
      String pod,
      String signals,
      Instant loadStart,
      Instant loadEnd,
      Path out,
      String... extra)
      throws IOException, InterruptedException {
    List<String> args =
        new ArrayList<>(
            List.of(
                "record",
                "--prometheus",
                prometheus.toString(),
                "--namespace",
                namespace,
                "--pods",
                pod,
                "--signals",
                signals,
                "--load-start",
                loadStart.toString(),
                "--load-end",
                loadEnd.toString(),
                "--from",
                loadStart.minusSeconds(20).toString(),
                "--to",
                loadEnd.plusSeconds(40).toString(),
                "--step",
                "1s",
                "--out",
                out.toString()));
    args.addAll(List.of(extra));
    return run(home, args.toArray(String[]::new));
  }

  /** The jar running in the background, its output going to files under {@code home}. */
  public static Running start(Path home, String... args) throws IOException {
    return start(home, Map.of(), args);
  }

  /**
   * As {@link #start(Path, String...)}, with environment variables added (the operator's config).
   */
  public static Running start(Path home, Map<String, String> extraEnv, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ListeningProcess.java());
    command.add("-jar");
    command.add(jar().toAbsolutePath().toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(k -> k.startsWith("KUBE") || k.startsWith("QUARKUS"));
    env.put("HOME", home.toString());
    env.putAll(extraEnv);
    Path out = Files.createTempFile(home, "stdout", ".txt");
    Path err = Files.createTempFile(home, "stderr", ".txt");
    builder.redirectOutput(out.toFile()).redirectError(err.toFile());
    return new Running(builder.start(), out, err, String.join(" ", args));
  }

  public record Running(Process process, Path out, Path err, String args) {
    public Result await(Duration limit) throws IOException, InterruptedException {
      if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(
            "leakgate " + args + " did not end within " + limit + "; stderr: " + stderr());
      }
      return new Result(
          process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), stderr());
    }

    public String stderr() throws IOException {
      return Files.readString(err, StandardCharsets.UTF_8);
    }
  }

  private Leakgate() {}
}
