package dev.leakgate.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server started as its own process that prints {@code listening on URL} on stdout once ready;
 * its stderr goes to a log file for when a test fails.
 */
public final class ListeningProcess implements AutoCloseable {
  private final Process process;
  public final URI url;

  public ListeningProcess(Path log, List<String> command) throws IOException {
    process = new ProcessBuilder(command).redirectError(log.toFile()).start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    if (line == null || !line.startsWith("listening on ")) {
      process.destroyForcibly();
      throw new IOException(command + " did not start: " + line + " (see " + log + ")");
    }
    url = URI.create(line.substring("listening on ".length()));
  }

  /** The JVM running this test, to start a child with the same Java. */
  public static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** Kills the process at once, as a crashed pod. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    process.waitFor(10, TimeUnit.SECONDS);
  }
}
