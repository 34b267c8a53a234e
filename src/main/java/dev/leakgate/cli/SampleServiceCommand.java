package dev.leakgate.cli;

import dev.leakgate.recording.Durations;
import dev.leakgate.sample.SampleServer;
import dev.leakgate.sample.ScoringService;
import dev.leakgate.sample.ServiceMetrics;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code leakgate sample-service}: the leaky service of the story, to gate in demos and tests. */
@Command(
    name = "sample-service",
    mixinStandardHelpOptions = true,
    description = {
      "Serves /api/recommend, which calls a slow scoring backend and waits with a timeout. With"
          + " --leak on, every timed-out call leaves a thread parked forever in"
          + " SynchronousQueue.put(); with --leak memory, every call keeps 16 KiB in a map that"
          + " is never cleared; with --leak off (the fix) neither happens.",
      "Also serves /metrics (Prometheus text format: the JVM's threads, memory, fds and start"
          + " time under simpleclient's, Micrometer's or OpenTelemetry's names) and /threads (a thread dump"
          + " grouped by stack). Prints 'listening on URL' on stdout once ready."
    })
public class SampleServiceCommand implements Callable<Integer> {

  enum Leak {
    on(ScoringService.Leak.THREADS),
    memory(ScoringService.Leak.MEMORY),
    off(ScoringService.Leak.NONE);

    private final ScoringService.Leak bug;

    Leak(ScoringService.Leak bug) {
      this.bug = bug;
    }
  }

  @Option(names = "--port", defaultValue = "8080", description = "Port; 0 picks a free one.")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on.")
  String host;

  @Option(
      names = "--leak",
      required = true,
      description =
          "on (the story's bug: parked threads), memory (kept payloads) or off (the fix).")
  Leak leak;

  @Option(
      names = "--backend-latency",
      defaultValue = "50ms-400ms",
      description = "The scoring backend's latency range, MIN-MAX.")
  String backendLatency;

  @Option(
      names = "--timeout",
      defaultValue = "200ms",
      description = "How long a request waits for its score.")
  String timeout;

  @Option(
      names = "--metrics",
      defaultValue = "simpleclient",
      description =
          "Whose metric names /metrics uses: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  ServiceMetrics.Naming metrics;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    String[] range = backendLatency.split("-", 2);
    Duration min;
    Duration max;
    Duration wait;
    try {
      if (range.length != 2) {
        throw new IllegalArgumentException(
            "'" + backendLatency + "' is not MIN-MAX, e.g. 50ms-400ms");
      }
      min = Durations.parse(range[0]);
      max = Durations.parse(range[1]);
      wait = Durations.parse(timeout);
      if (max.compareTo(min) < 0) {
        throw new IllegalArgumentException("--backend-latency: MAX is below MIN");
      }
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    CountDownLatch stopped = new CountDownLatch(1);
    try (SampleServer server =
        new SampleServer(
            host, port, new ScoringService(leak.bug, min, max, wait), ServiceMetrics.of(metrics))) {
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
      spec.commandLine().getOut().println("listening on http://" + host + ":" + server.port());
      spec.commandLine().getOut().flush();
      stopped.await();
    }
    return 0;
  }
}
