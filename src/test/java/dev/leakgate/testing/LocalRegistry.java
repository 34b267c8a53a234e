package dev.leakgate.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

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
    HttpRequest v2 = HttpRequest.newBuilder(URI.create("http://" + address + "/v2/")).build();
    Runnable alive =
        () -> {
          if (!process.isAlive()) {
            throw new AssertionError("docker-registry exited; see " + dir.resolve("registry.log"));
          }
        };
    if (Http.awaitOk(HttpClient.newHttpClient(), v2, Duration.ofSeconds(30), alive)) {
      return;
    }
    throw new AssertionError("docker-registry did not start; see " + dir.resolve("registry.log"));
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    process.waitFor();
  }
}
