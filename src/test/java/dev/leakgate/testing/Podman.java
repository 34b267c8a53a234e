package dev.leakgate.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Podman from Debian, which .ci/install-test-deps installs with the stand-in base image. A missing
 * podman or base image fails the test with what to run; it never skips.
 */
public final class Podman {
  /**
   * The base the image is built on here, in place of the Dockerfile's FROM, which no registry
   * reachable from these machines serves: Debian bookworm with OpenJDK 17's runtime, made by
   * ../shared/image/base-image.
   */
  public static final String BASE =
      System.getenv().getOrDefault("BASE_IMAGE", "localhost/debian-jre17:bookworm");

  /**
   * What `podman run` needs on these machines, not what a pod asks for: crun fails here (cgroups in
   * hybrid mode) so runc runs containers, the default rlimits cannot be raised so they are lowered,
   * and the host's network reaches services on 127.0.0.1, where a pod would have its own.
   */
  public static final List<String> MACHINE_OPTIONS =
      List.of(
          "--runtime",
          "runc",
          "--ulimit",
          "nofile=1024:1024",
          "--ulimit",
          "nproc=1024:1024",
          "--network",
          "host");

  public record Result(int exitCode, String out) {}

  private Podman() {}

  public static Result run(String... args) throws IOException, InterruptedException {
    return run(List.of(args));
  }

  public static Result run(List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(LocalPrometheus.findOnPath("podman").toString());
    command.addAll(args);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("podman %s ended", args).isTrue();
    return new Result(process.exitValue(), out);
  }

  /** Fails the test with what to run when the stand-in base image is not there. */
  public static void requireBase() throws IOException, InterruptedException {
    assertThat(run("image", "exists", BASE).exitCode())
        .as("%s is missing: run .ci/install-test-deps (it runs ../shared/image/base-image)", BASE)
        .isZero();
  }
}
