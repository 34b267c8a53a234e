package dev.leakgate.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leakgate.prometheus.PromQl;
import dev.leakgate.prometheus.PrometheusClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real Prometheus (Debian's package, installed by .ci/install-test-deps) scraping local processes
 * every second, each target labelled with a namespace and pod so local processes stand in for pods.
 * A missing binary fails the test: it never skips.
 */
public final class LocalPrometheus implements AutoCloseable {
  private final List<String> command;
  private final Path log;
  private final SelfSignedCert tls;
  private final Path targets;
  private final List<Map<String, Object>> discovered = new ArrayList<>();
  private Process process;
  public final URI url;

  /**
   * Scraping the targets added with {@link #addTarget} as they come, each with its own labels: the
   * file-based discovery stands in for Kubernetes pod discovery, which needs a kubelet's pod IPs.
   */
  public static LocalPrometheus discovering(Path dir) throws IOException, InterruptedException {
    return new LocalPrometheus(dir, "", Map.of(), null, true);
  }

  public LocalPrometheus(Path dir, String namespace, Map<String, URI> podsToMetricsUrls)
      throws IOException, InterruptedException {
    this(dir, namespace, podsToMetricsUrls, null);
  }

  /** Serving https with this certificate (its own CA) when {@code tls} is given. */
  public LocalPrometheus(
      Path dir, String namespace, Map<String, URI> podsToMetricsUrls, SelfSignedCert tls)
      throws IOException, InterruptedException {
    this(dir, namespace, podsToMetricsUrls, tls, false);
  }

  private LocalPrometheus(
      Path dir,
      String namespace,
      Map<String, URI> podsToMetricsUrls,
      SelfSignedCert tls,
      boolean discovering)
      throws IOException, InterruptedException {
    Path binary = findOnPath("prometheus");
    StringBuilder config =
        new StringBuilder(
            "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n");
    this.targets = dir.resolve("targets.json");
    if (discovering) {
      Files.writeString(targets, "[]");
      config
          .append("  - job_name: pods\n    file_sd_configs:\n")
          .append("      - files: ['")
          .append(targets)
          .append("']\n        refresh_interval: 1s\n");
    }
    config.append("  - job_name: sample\n    static_configs:\n");
    podsToMetricsUrls.forEach(
        (pod, metrics) ->
            config
                .append("      - targets: ['")
                .append(metrics.getHost())
                .append(':')
                .append(metrics.getPort())
                .append("']\n        labels: {namespace: '")
                .append(namespace)
                .append("', pod: '")
                .append(pod)
                .append("'}\n"));
    Path file = dir.resolve("prometheus.yml");
    Files.writeString(file, config);
    int port = freePort();
    this.url = URI.create((tls == null ? "http" : "https") + "://127.0.0.1:" + port);
    this.tls = tls;
    List<String> command = new ArrayList<>(List.of(binary.toString(), "--config.file=" + file));
    if (tls != null) {
      Path web = dir.resolve("web.yml");
      Files.writeString(
          web,
          "tls_server_config:\n  cert_file: "
              + tls.certificate()
              + "\n  key_file: "
              + tls.privateKey()
              + "\n");
      command.add("--web.config.file=" + web);
    }
    command.add("--storage.tsdb.path=" + Files.createDirectories(dir.resolve("tsdb")));
    command.add("--web.listen-address=127.0.0.1:" + port);
    this.command = List.copyOf(command);
    this.log = dir.resolve("prometheus.log");
    start();
  }

  /**
   * Starts Prometheus again after {@link #stop()}, on the same port and data directory: what it
   * scraped before is still there, and nothing was scraped while it was down.
   */
  public void start() throws IOException, InterruptedException {
    this.process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    awaitReady();
  }

  /** Stops Prometheus as an orderly shutdown (SIGTERM) would, as in an upgrade or a reschedule. */
  public void stop() throws InterruptedException {
    process.destroy();
    process.waitFor();
  }

  private void awaitReady() throws InterruptedException {
    HttpClient http =
        tls == null
            ? HttpClient.newHttpClient()
            : HttpClient.newBuilder().sslContext(tls.trustingContext()).build();
    HttpRequest ready =
        HttpRequest.newBuilder(url.resolve("/-/ready")).timeout(Duration.ofSeconds(2)).build();
    Runnable alive =
        () -> assertThat(process.isAlive()).as("prometheus exited while starting").isTrue();
    if (!Http.awaitOk(http, ready, Duration.ofSeconds(30), alive)) {
      throw new AssertionError("prometheus was not ready within 30 s at " + url);
    }
  }

  /**
   * Adds a target to scrape with these labels (namespace, pod, container...). The file is replaced
   * in one rename, as Prometheus asks, so it never reads half of it.
   */
  public synchronized void addTarget(URI metrics, Map<String, String> labels) throws IOException {
    discovered.add(
        Map.of("targets", List.of(metrics.getHost() + ":" + metrics.getPort()), "labels", labels));
    Path next = targets.resolveSibling("targets.json.next");
    Files.writeString(
        next, new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(discovered));
    Files.move(next, targets, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Waits until Prometheus has scraped this pod {@code samples} times: one just started has no
   * history, where in real use it has scraped for long.
   */
  public void awaitSamples(String pod, int samples) throws Exception {
    PrometheusClient client =
        new PrometheusClient(
            url,
            Map.of(),
            Duration.ofSeconds(2),
            Duration.ofSeconds(5),
            1,
            Duration.ofMillis(10),
            1,
            Optional.empty());
    Instant deadline = Instant.now().plusSeconds(30);
    while (Instant.now().isBefore(deadline)) {
      Instant now = Instant.now();
      JsonNode data =
          client.queryRange(
              "up{pod=\"" + PromQl.quote(pod) + "\"}",
              now.minusSeconds(30),
              now,
              Duration.ofSeconds(1));
      if (data.path("result").path(0).path("values").size() >= samples) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("Prometheus did not scrape " + pod + " within 30 s");
  }

  public static Path findOnPath(String name) {
    for (String dir : System.getenv("PATH").split(":")) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError(
        name + " is not on PATH: run .ci/install-test-deps (it installs Debian's " + name + ")");
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
