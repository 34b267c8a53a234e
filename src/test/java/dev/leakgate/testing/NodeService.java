package dev.leakgate.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * LeakGate's Node.js test service (src/test/node/recommend) with prom-client from npm, as {@code
 * .ci/install-test-deps} installs it, run by the machine's node as its own process.
 */
public final class NodeService implements AutoCloseable {
  private static final Path SOURCE = Path.of("src/test/node/recommend");

  private final ListeningProcess process;
  public final URI url;

  /**
   * @param leak {@code none} (the fix), {@code handles} (sockets of timed-out calls left open) or
   *     {@code memory} (payloads kept in a map)
   */
  public NodeService(Path log, String leak) throws IOException {
    if (!Files.isDirectory(SOURCE.resolve("node_modules/prom-client"))) {
      throw new IllegalStateException(
          SOURCE.resolve("node_modules/prom-client")
              + " is missing: run .ci/install-test-deps (npm ci in "
              + SOURCE
              + ")");
    }
    process =
        new ListeningProcess(
            log, List.of("node", SOURCE.resolve("server.js").toString(), "--leak", leak));
    url = process.url;
  }

  @Override
  public void close() throws InterruptedException {
    process.close();
  }
}
