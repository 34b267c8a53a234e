package dev.leakgate.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A container registry on 127.0.0.1: Debian's docker-registry (the CNCF distribution registry),
 * installed by .ci/install-test-deps, storing in a temporary directory. Plain HTTP, as a local
 * registry is; podman talks to it with --tls-verify=false.
 */
public final class LocalRegistry implements AutoCloseable {
  private final Process process;
  public final String address;

  public LocalRegistry(Path dir) throws IOException, InterruptedException {
    int port = LocalPrometheus.freePort();
    address = "127.0.0.1:" + port;
    Path config = dir.resolve("registry.yml");
    Files.writeString(
        config,
        """
        version: 0.1
        storage:
          filesystem: {rootdirectory: "%s"}
        http:
          addr: %s
        log: {level: warn}
        """
            .formatted(Files.createDirectories(dir.resolve("data")), address));
    process =
        new ProcessBuilder(
                LocalPrometheus.findOnPath("docker-registry").toString(),
                "serve",
                config.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("registry.log").toFile())
            .start();
    HttpClient http = HttpClient.newHttpClient();
    Instant deadline = Instant.now().plusSeconds(30);
    while (Instant.now().isBefore(deadline)) {
      try {
        if (http.send(
                    HttpRequest.newBuilder(URI.create("http://" + address + "/v2/")).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode()
            == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("docker-registry did not start; see " + dir.resolve("registry.log"));
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    process.waitFor();
  }
}
