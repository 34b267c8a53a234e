package dev.leakgate.cli;

import dev.leakgate.pipeline.ClusterAccess;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Waits on a gate in a cluster until its verdict, for a release pipeline. */
@Command(
    name = "wait",
    mixinStandardHelpOptions = true,
    description = {
      "Waits on a LeakGate in a cluster until it ends, printing where it stands on stderr, then"
          + " its verdict table (and its Events, when it did not pass) on stdout.",
      "Needs a cluster: the kubeconfig (KUBECONFIG, ~/.kube/config) or the pod's ServiceAccount,"
          + " with get, list and watch on leakgates (the chart's ClusterRole leakgate-pipeline).",
      "Exit codes: 0 passed (or inconclusive the gate allows), 1 failed, 2 inconclusive,"
          + " 3 error (the gate's; not found; deleted while waiting; no access), 4 timed out (the"
          + " gate goes on)."
    })
public class WaitCommand implements Callable<Integer> {
  @Parameters(paramLabel = "NAME", description = "The gate's name.")
  String name;

  @Mixin ClusterOptions cluster;

  @Mixin WaitOptions waiting;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    ClusterAccess access = new ClusterAccess(cluster.context());
    String namespace = access.namespace(cluster.namespace());
    try (KubernetesClient client = access.client()) {
      return new GateWaiting(spec, waiting, access, client).await(namespace, name);
    }
  }
}
