package dev.leakgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.leakgate.operator.SignalHandlers;
import dev.leakgate.operator.model.LeakGate;
import dev.leakgate.pipeline.ClusterAccess;
import dev.leakgate.spec.InvalidSpecException;
import dev.leakgate.spec.SpecReader;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.HttpURLConnection;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Creates a gate in a cluster for a release, and optionally waits on it. */
@Command(
    name = "create",
    mixinStandardHelpOptions = true,
    description = {
      "Creates the LeakGate of a YAML file in a cluster and prints its name; with --wait, waits"
          + " on it as 'leakgate wait' does (same output and exit codes).",
      "A gate of that name with the same spec is taken as this one (a retried pipeline step);"
          + " with another spec it is an error (exit 3). A release usually wants a fresh gate:"
          + " --generate-name.",
      "Needs a cluster, with create, get, list and watch on leakgates (the chart's ClusterRole"
          + " leakgate-pipeline)."
    })
public class CreateCommand implements Callable<Integer> {
  @Option(
      names = {"-f", "--filename"},
      required = true,
      paramLabel = "FILE",
      description = "A YAML file with one LeakGate document (other documents are ignored).")
  Path file;

  @ArgGroup(exclusive = true)
  Naming naming = new Naming();

  static class Naming {
    @Option(
        names = "--name",
        paramLabel = "NAME",
        description = "The gate's name. Default: the file's metadata.name.")
    String name;

    @Option(
        names = "--generate-name",
        description = "A fresh name per run: the file's metadata.name (or leakgate) and a suffix.")
    boolean generate;
  }

  @Option(names = "--wait", description = "Wait on the gate until its verdict.")
  boolean await;

  @Option(
      names = "--delete-on-cancel",
      description =
          "Delete the gate when the wait is interrupted (SIGINT, SIGTERM: a cancelled pipeline),"
              + " so it stops loading the target.")
  boolean deleteOnCancel;

  @Mixin ClusterOptions cluster;

  @Mixin WaitOptions waiting;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    if (!await
        && (waiting.junit != null
            || !waiting.output.equals("text")
            || !waiting.timeout.equals("0s"))) {
      throw new ParameterException(
          spec.commandLine(), "--timeout, --output and --junit are for --wait; add --wait");
    }
    ObjectNode document;
    try {
      document = leakGateDocument();
      new SpecReader().read(document);
    } catch (InvalidSpecException e) {
      err.println("leakgate create: " + file + ": " + e.field() + ": " + e.getMessage());
      return ExitCodes.ERROR;
    }
    ClusterAccess access = new ClusterAccess(cluster.context());
    String namespace =
        access.namespace(
            cluster.namespace().or(() -> text(document.path("metadata").path("namespace"))));
    try (KubernetesClient client = access.client()) {
      GateWaiting waiter = await ? new GateWaiting(spec, waiting, access, client) : null;
      LeakGate gate = client.getKubernetesSerialization().convertValue(document, LeakGate.class);
      gate.getMetadata().setNamespace(namespace);
      String base = text(document.path("metadata").path("name")).orElse("leakgate");
      if (naming.generate) {
        gate.getMetadata().setName(null);
        gate.getMetadata().setGenerateName(base + "-");
      } else if (naming.name != null) {
        gate.getMetadata().setName(naming.name);
      } else if (document.path("metadata").path("name").isMissingNode()) {
        err.println(
            "leakgate create: "
                + file
                + ": metadata.name: is required, or give --name or --generate-name");
        return ExitCodes.ERROR;
      }
      String name;
      try {
        name = create(client, gate, err);
      } catch (KubernetesClientException e) {
        err.println(
            "leakgate create: "
                + access.explain(e, "create leakgates.leakgate.dev in " + namespace, namespace));
        return ExitCodes.ERROR;
      }
      if (name == null) {
        return ExitCodes.ERROR;
      }
      if (waiter == null) {
        spec.commandLine().getOut().println(name);
        return ExitCodes.PASSED;
      }
      err.println("leakgate: waiting on " + namespace + "/" + name);
      return awaitDeletingOnCancel(access, client, waiter, namespace, name);
    }
  }

  /** The gate's name once created, or that of an equal gate; null (said on stderr) otherwise. */
  private String create(KubernetesClient client, LeakGate gate, PrintWriter err) {
    try {
      return client.resource(gate).create().getMetadata().getName();
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
    }
    String namespace = gate.getMetadata().getNamespace();
    String name = gate.getMetadata().getName();
    LeakGate existing =
        client.resources(LeakGate.class).inNamespace(namespace).withName(name).get();
    // The stored spec has the CRD's defaults filled in: compare with this spec as the API server
    // would store it (a dry run under a generated name stores nothing).
    LeakGate probe = client.getKubernetesSerialization().clone(gate);
    probe.getMetadata().setName(null);
    probe.getMetadata().setGenerateName(name + "-");
    LeakGate defaulted = client.resource(probe).dryRun().create();
    var serialization = client.getKubernetesSerialization();
    if (existing != null
        && serialization
            .convertValue(existing.getSpec(), JsonNode.class)
            .equals(serialization.convertValue(defaulted.getSpec(), JsonNode.class))) {
      err.println("leakgate: " + namespace + "/" + name + " exists with this spec; taking it");
      return name;
    }
    err.println(
        "leakgate create: "
            + namespace
            + "/"
            + name
            + " exists with another spec (a gate's spec is fixed at creation): give another"
            + " --name, or --generate-name");
    return null;
  }

  /**
   * Waits; with --delete-on-cancel, a TERM or INT before the end deletes the gate first, while the
   * client still works (a shutdown hook would race Quarkus closing its connections), then exits as
   * the signal would have.
   */
  private int awaitDeletingOnCancel(
      ClusterAccess access,
      KubernetesClient client,
      GateWaiting waiter,
      String namespace,
      String name)
      throws IOException, InterruptedException {
    AtomicBoolean ended = new AtomicBoolean();
    if (deleteOnCancel) {
      for (String signal : List.of("TERM", "INT")) {
        SignalHandlers.handle(
            signal,
            number -> {
              if (!ended.get()) {
                deleteCancelled(access, client, namespace, name);
              }
              System.exit(128 + number);
            });
      }
    }
    try {
      return waiter.await(namespace, name);
    } finally {
      ended.set(true);
    }
  }

  private void deleteCancelled(
      ClusterAccess access, KubernetesClient client, String namespace, String name) {
    PrintWriter err = spec.commandLine().getErr();
    try {
      client.resources(LeakGate.class).inNamespace(namespace).withName(name).delete();
      err.println("leakgate: cancelled; deleted " + namespace + "/" + name);
    } catch (KubernetesClientException e) {
      err.println(
          "leakgate: cancelled; "
              + access.explain(
                  e, "delete leakgates.leakgate.dev " + namespace + "/" + name, namespace));
    }
    err.flush();
  }

  /** The file's LeakGate document: exactly one, whatever else the file holds. */
  private ObjectNode leakGateDocument() throws IOException, InvalidSpecException {
    List<JsonNode> documents = new ArrayList<>();
    YAMLMapper yaml = new YAMLMapper();
    try (var parser = yaml.getFactory().createParser(Files.readString(file))) {
      documents.addAll(yaml.readValues(parser, JsonNode.class).readAll());
    } catch (NoSuchFileException e) {
      throw new InvalidSpecException("$", "no such file");
    } catch (IOException e) {
      throw new InvalidSpecException("$", "not valid YAML: " + e.getMessage());
    }
    List<JsonNode> gates =
        documents.stream().filter(d -> SpecReader.KIND.equals(d.path("kind").asText())).toList();
    if (gates.size() != 1) {
      List<String> kinds = documents.stream().map(d -> d.path("kind").asText("?")).toList();
      throw new InvalidSpecException(
          "kind",
          (gates.isEmpty() ? "no LeakGate document" : gates.size() + " LeakGate documents")
              + " (documents: "
              + String.join(", ", kinds)
              + "); give a file with one");
    }
    if (!gates.get(0).isObject()) {
      throw new InvalidSpecException("$", "the LeakGate document must be a mapping");
    }
    return (ObjectNode) gates.get(0);
  }

  private static Optional<String> text(JsonNode node) {
    return node.isTextual() && !node.asText().isBlank()
        ? Optional.of(node.asText())
        : Optional.empty();
  }
}
