package dev.leakgate.operator;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;

/** The workloads gates target, created as a team would: their controllers make the pods. */
final class Shop {
  private final KubernetesClient client;
  private final String namespace;

  Shop(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  void deployment(String name, String image) {
    deployment(name, image, 1);
  }

  void deployment(String name, String image, int replicas) {
    client
        .apps()
        .deployments()
        .inNamespace(namespace)
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withNewSelector()
                .addToMatchLabels("app", name)
                .endSelector()
                .withTemplate(template(name, image))
                .endSpec()
                .build())
        .create();
  }

  void statefulSet(String name, String image) {
    client
        .apps()
        .statefulSets()
        .inNamespace(namespace)
        .resource(
            new StatefulSetBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withServiceName(name)
                .withReplicas(1)
                .withNewSelector()
                .addToMatchLabels("app", name)
                .endSelector()
                .withTemplate(template(name, image))
                .endSpec()
                .build())
        .create();
  }

  private static PodTemplateSpec template(String app, String image) {
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .addToLabels("app", app)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("app")
        .withImage(image)
        .endContainer()
        .endSpec()
        .build();
  }

  /** Basic-auth credentials a gate names for its Prometheus (the test's ignores them). */
  void basicAuthSecret(String name) {
    client
        .secrets()
        .inNamespace(namespace)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .addToStringData("username", "gate")
                .addToStringData("password", "secret")
                .build())
        .create();
  }

  /** The workload's ready pod, once its controller made it and the kubelet runs it. */
  Pod awaitReadyPod(String app) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(90);
    while (Instant.now().isBefore(deadline)) {
      for (Pod pod : client.pods().inNamespace(namespace).withLabel("app", app).list().getItems()) {
        if (pod.getStatus() != null
            && pod.getStatus().getConditions() != null
            && pod.getStatus().getConditions().stream()
                .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"))) {
          return pod;
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no ready pod of " + app + " in " + namespace);
  }
}
