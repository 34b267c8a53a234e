package dev.leakgate.cli;

import java.util.Optional;
import picocli.CommandLine.Option;

/** Where the gate is, as kubectl is told: a namespace and a kubeconfig context. */
public class ClusterOptions {
  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NS",
      description = "The gate's namespace. Default: the context's, else default.")
  String namespace;

  @Option(
      names = "--context",
      paramLabel = "NAME",
      description =
          "The kubeconfig context (KUBECONFIG or ~/.kube/config). Default: the current one; in a"
              + " pod without a kubeconfig, its ServiceAccount.")
  String context;

  Optional<String> namespace() {
    return Optional.ofNullable(namespace);
  }

  Optional<String> context() {
    return Optional.ofNullable(context);
  }
}
