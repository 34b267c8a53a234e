package dev.leakgate.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The story's Go service (src/test/go/recommend), built with Debian's {@code golang-go} and {@code
 * golang-github-prometheus-client-golang-dev} in GOPATH mode, as {@code .ci/install-test-deps}
 * installs them, and run as its own process.
 */
public final class GoService implements AutoCloseable {
  private static final Path SOURCE = Path.of("src/test/go/recommend");
  private static final Path GOPATH = Path.of("/usr/share/gocode");
  private static final Path CLIENT_GOLANG =
      GOPATH.resolve("src/github.com/prometheus/client_golang");

  private final ListeningProcess process;
  public final URI url;

  /**
   * @param leak {@code none} (the fix), {@code goroutines} (the story's bug) or {@code memory}
   *     (payloads kept in a map)
   */
  public GoService(Path binary, Path log, String leak) throws IOException {
    process = new ListeningProcess(log, List.of(binary.toString(), "-leak", leak));
    url = process.url;
  }

  /** Builds the service into {@code dir}; fails naming what to install when Go is missing. */
  public static Path build(Path dir) throws IOException, InterruptedException {
    if (!Files.isDirectory(CLIENT_GOLANG)) {
      throw new IllegalStateException(
          CLIENT_GOLANG
              + " is missing: run .ci/install-test-deps (as root on Debian it installs golang-go"
              + " and golang-github-prometheus-client-golang-dev)");
    }
    Path binary = dir.resolve("recommend");
    Path log = dir.resolve("go-build.log");
    ProcessBuilder builder =
        new ProcessBuilder("go", "build", "-o", binary.toAbsolutePath().toString(), ".")
            .directory(SOURCE.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    // Debian packages Go libraries for GOPATH mode, not as modules.
    builder.environment().put("GO111MODULE", "off");
    builder.environment().put("GOPATH", GOPATH.toString());
    Process build = builder.start();
    build.getOutputStream().close();
    if (!build.waitFor(3, TimeUnit.MINUTES) || build.exitValue() != 0) {
      build.destroyForcibly();
      throw new IOException("go build failed: " + Files.readString(log));
    }
    return binary;
  }

  @Override
  public void close() throws InterruptedException {
    process.close();
  }
}
