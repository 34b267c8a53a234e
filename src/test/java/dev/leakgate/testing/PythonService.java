package dev.leakgate.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * LeakGate's Python test service (src/test/python/recommend) on Debian's python3 and
 * python3-prometheus-client, as {@code .ci/install-test-deps} installs them, run as its own
 * process.
 */
public final class PythonService implements AutoCloseable {
  private static final Path SOURCE = Path.of("src/test/python/recommend/server.py");

  /** Debian's interpreter, which Debian's prometheus_client is installed for. */
  private static final Path PYTHON = Path.of("/usr/bin/python3");

  private static final Path CLIENT = Path.of("/usr/lib/python3/dist-packages/prometheus_client");

  private final ListeningProcess process;
  public final URI url;

  /**
   * @param leak {@code none} (the fix), {@code threads} (workers of timed-out calls blocked on a
   *     full queue) or {@code memory} (payloads kept in a dict)
   */
  public PythonService(Path log, String leak) throws IOException {
    if (!Files.isDirectory(CLIENT)) {
      throw new IllegalStateException(
          CLIENT
              + " is missing: run .ci/install-test-deps (as root on Debian it installs"
              + " python3-prometheus-client)");
    }
    process =
        new ListeningProcess(log, List.of(PYTHON.toString(), SOURCE.toString(), "--leak", leak));
    url = process.url;
  }

  @Override
  public void close() throws InterruptedException {
    process.close();
  }
}
