package dev.leakgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leakgate.operator.model.LeakGate;
import dev.leakgate.pipeline.ClusterAccess;
import dev.leakgate.pipeline.GateEnd;
import dev.leakgate.pipeline.GateWatch;
import dev.leakgate.pipeline.JUnitReport;
import dev.leakgate.pipeline.StatusReport;
import dev.leakgate.recording.Durations;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Waiting on one gate for {@code wait} and {@code create --wait}: progress on stderr, then the
 * verdict on stdout (with the gate's Events when it did not pass), a JUnit report when asked, and
 * the exit code of {@link GateEnd}.
 */
final class GateWaiting {
  /** How often a waiting pipeline hears where the gate stands, when nothing changed. */
  private static final Duration BEAT = Duration.ofSeconds(30);

  private final CommandSpec spec;
  private final WaitOptions options;
  private final ClusterAccess cluster;
  private final KubernetesClient client;
  private final Duration timeout;

  /** Checks the options before anything is created or read: a bad one loses nothing. */
  GateWaiting(
      CommandSpec spec, WaitOptions options, ClusterAccess cluster, KubernetesClient client) {
    this.spec = spec;
    this.options = options;
    this.cluster = cluster;
    this.client = client;
    if (!options.output.equals("text") && !options.output.equals("json")) {
      throw new ParameterException(
          spec.commandLine(), "--output: must be text or json, got '" + options.output + "'");
    }
    try {
      this.timeout = Durations.parse(options.timeout);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--timeout: " + e.getMessage());
    }
  }

  int await(String namespace, String name) throws IOException, InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    String gate = namespace + "/" + name;
    Clock clock = Clock.systemUTC();
    GateWatch.Result result;
    try {
      result =
          new GateWatch(client, clock, BEAT)
              .await(
                  namespace,
                  name,
                  timeout,
                  // Each change, and the beat when nothing changed.
                  seen -> {
                    err.println(
                        "leakgate: "
                            + gate
                            + ": "
                            + StatusReport.progress(seen.getStatus(), clock.instant()));
                    err.flush();
                  });
    } catch (KubernetesClientException e) {
      err.println(
          "leakgate: " + cluster.explain(e, "get leakgates.leakgate.dev " + gate, namespace));
      return GateEnd.ERROR.exitCode();
    }
    if (result instanceof GateWatch.Result.NotFound) {
      err.println("leakgate: no LeakGate " + gate);
      return GateEnd.ERROR.exitCode();
    }
    if (result instanceof GateWatch.Result.Deleted) {
      err.println("leakgate: " + gate + " was deleted while waiting on it");
      return GateEnd.ERROR.exitCode();
    }
    if (result instanceof GateWatch.Result.TimedOut timedOut) {
      err.println(
          "leakgate: "
              + gate
              + " did not end within "
              + options.timeout
              + "; it goes on: "
              + StatusReport.progress(timedOut.gate().getStatus(), clock.instant()));
      return GateEnd.TIMED_OUT.exitCode();
    }
    GateWatch.Result.Ended ended = (GateWatch.Result.Ended) result;
    report(out, err, ended.gate(), ended.end());
    if (options.junit != null) {
      JUnitReport.write(options.junit, name, ended.gate().getStatus(), ended.end());
    }
    return ended.end().exitCode();
  }

  private void report(PrintWriter out, PrintWriter err, LeakGate gate, GateEnd end) {
    List<Event> events = end == GateEnd.PASSED ? List.of() : events(gate, err);
    if (options.output.equals("json")) {
      ObjectNode json = new ObjectMapper().createObjectNode();
      json.put("name", gate.getMetadata().getName());
      json.put("namespace", gate.getMetadata().getNamespace());
      json.put("exitCode", end.exitCode());
      json.set(
          "status",
          client.getKubernetesSerialization().convertValue(gate.getStatus(), JsonNode.class));
      var eventsJson = json.putArray("events");
      for (Event e : events) {
        eventsJson
            .addObject()
            .put("type", e.getType())
            .put("reason", e.getReason())
            .put("message", e.getMessage());
      }
      out.println(json);
    } else {
      out.print(StatusReport.table(gate.getMetadata().getName(), gate.getStatus()));
      if (!events.isEmpty()) {
        out.println();
        out.println("  EVENTS");
        for (Event e : events) {
          out.println("  " + e.getType() + "  " + e.getReason() + "  " + e.getMessage());
        }
      }
    }
    out.flush();
  }

  /** The gate's Events in order; none, with a note, when the caller may not list them. */
  private List<Event> events(LeakGate gate, PrintWriter err) {
    try {
      return client
          .v1()
          .events()
          .inNamespace(gate.getMetadata().getNamespace())
          .withField("involvedObject.uid", gate.getMetadata().getUid())
          .list()
          .getItems()
          .stream()
          .sorted(Comparator.comparing(e -> e.getMetadata().getCreationTimestamp()))
          .toList();
    } catch (KubernetesClientException e) {
      err.println(
          "leakgate: the gate's Events are not shown: "
              + cluster.explain(e, "list events", gate.getMetadata().getNamespace()));
      return List.of();
    }
  }
}
