package dev.leakgate.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code leakgate sample-service} running as its own process, as a pod's container would. */
public final class SampleServiceProcess implements AutoCloseable {
  private final Process process;
  public final URI url;

  public SampleServiceProcess(Path log, String leak) throws IOException {
    process =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar",
                    Leakgate.jar().toAbsolutePath().toString(),
                    "sample-service",
                    "--port",
                    "0",
                    "--leak",
                    leak))
            .redirectError(log.toFile())
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    if (line == null || !line.startsWith("listening on ")) {
      process.destroyForcibly();
      throw new IOException("sample-service did not start: " + line + " (see " + log + ")");
    }
    url = URI.create(line.substring("listening on ".length()));
  }

  /** Kills the service at once, as a crashed pod. */
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
