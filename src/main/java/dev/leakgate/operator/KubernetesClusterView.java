package dev.leakgate.operator;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@link ClusterView} through fabric8. The load Job comes from the reconcile's informer cache; the
 * workload and pods are read directly while the gate waits for them, the Job's pod once, for its
 * termination message, and the Job's FailedCreate events only while it has no pod.
 */
final class KubernetesClusterView implements ClusterView {
  private final KubernetesClient client;
  private final Optional<Job> cachedJob;

  KubernetesClusterView(KubernetesClient client, Optional<Job> cachedJob) {
    this.client = client;
    this.cachedJob = cachedJob;
  }

  @Override
  public Optional<Workload> workload(String namespace, String kind, String name) {
    LabelSelector selector;
    int replicas;
    if (kind.equals("StatefulSet")) {
      var set = client.apps().statefulSets().inNamespace(namespace).withName(name).get();
      if (set == null) {
        return Optional.empty();
      }
      selector = set.getSpec().getSelector();
      replicas = set.getSpec().getReplicas() == null ? 1 : set.getSpec().getReplicas();
    } else {
      var deployment = client.apps().deployments().inNamespace(namespace).withName(name).get();
      if (deployment == null) {
        return Optional.empty();
      }
      selector = deployment.getSpec().getSelector();
      replicas =
          deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
    }
    List<PodState> pods =
        client.pods().inNamespace(namespace).withLabelSelector(selector).list().getItems().stream()
            .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
            .map(KubernetesClusterView::podState)
            .toList();
    return Optional.of(new Workload(kind, name, replicas, pods));
  }

  private static PodState podState(Pod pod) {
    Optional<PodCondition> ready =
        pod.getStatus() == null || pod.getStatus().getConditions() == null
            ? Optional.empty()
            : pod.getStatus().getConditions().stream()
                .filter(c -> "Ready".equals(c.getType()))
                .findFirst();
    boolean isReady = ready.map(c -> "True".equals(c.getStatus())).orElse(false);
    Optional<Instant> since =
        ready
            .filter(c -> isReady && c.getLastTransitionTime() != null)
            .map(c -> Instant.parse(c.getLastTransitionTime()));
    return new PodState(pod.getMetadata().getName(), pod.getMetadata().getUid(), isReady, since);
  }

  @Override
  public Optional<LoadJob> loadJob(String namespace, String name) {
    return cachedJob
        .filter(j -> name.equals(j.getMetadata().getName()))
        .map(j -> loadJob(namespace, j));
  }

  private LoadJob loadJob(String namespace, Job job) {
    List<JobCondition> conditions =
        job.getStatus() == null || job.getStatus().getConditions() == null
            ? List.of()
            : job.getStatus().getConditions();
    Optional<JobCondition> failed = condition(conditions, "Failed");
    Optional<JobCondition> complete = condition(conditions, "Complete");
    if (failed.isEmpty() && complete.isEmpty()) {
      if (hasPods(job)) {
        return new LoadJob(LoadJob.Outcome.Running, null, null, Optional.empty(), Optional.empty());
      }
      return new LoadJob(
          LoadJob.Outcome.Starting,
          null,
          null,
          Optional.empty(),
          Optional.empty(),
          podRefused(namespace, job));
    }
    JobCondition end = failed.orElseGet(complete::get);
    Optional<Instant> finished =
        Optional.ofNullable(job.getStatus().getCompletionTime())
            .or(() -> Optional.ofNullable(end.getLastTransitionTime()))
            .map(Instant::parse);
    return new LoadJob(
        failed.isPresent() ? LoadJob.Outcome.Failed : LoadJob.Outcome.Succeeded,
        end.getReason(),
        end.getMessage(),
        finished,
        terminationMessage(namespace, job.getMetadata().getName()));
  }

  private static boolean hasPods(Job job) {
    var status = job.getStatus();
    return status != null
        && (positive(status.getActive())
            || positive(status.getSucceeded())
            || positive(status.getFailed()));
  }

  private static boolean positive(Integer count) {
    return count != null && count > 0;
  }

  /** The Job controller's latest FailedCreate event for this Job, if it could not make its pod. */
  private Optional<String> podRefused(String namespace, Job job) {
    return client
        .v1()
        .events()
        .inNamespace(namespace)
        .withField("involvedObject.uid", job.getMetadata().getUid())
        .withField("reason", "FailedCreate")
        .list()
        .getItems()
        .stream()
        .max(
            java.util.Comparator.comparing(
                e -> e.getLastTimestamp() == null ? "" : e.getLastTimestamp()))
        .map(io.fabric8.kubernetes.api.model.Event::getMessage);
  }

  private static Optional<JobCondition> condition(List<JobCondition> conditions, String type) {
    return conditions.stream()
        .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
        .findFirst();
  }

  /** The load container's termination message, from the Job's newest pod. */
  private Optional<String> terminationMessage(String namespace, String job) {
    return client
        .pods()
        .inNamespace(namespace)
        .withLabel("job-name", job)
        .list()
        .getItems()
        .stream()
        .filter(p -> p.getStatus() != null && p.getStatus().getContainerStatuses() != null)
        .max(java.util.Comparator.comparing(p -> p.getMetadata().getCreationTimestamp()))
        .flatMap(
            p ->
                p.getStatus().getContainerStatuses().stream()
                    .filter(c -> c.getState() != null && c.getState().getTerminated() != null)
                    .map(c -> c.getState().getTerminated().getMessage())
                    .filter(m -> m != null && !m.isBlank())
                    .findFirst());
  }

  @Override
  public boolean serviceAccountExists(String namespace, String name) {
    return client.serviceAccounts().inNamespace(namespace).withName(name).get() != null;
  }

  @Override
  public void deleteJob(String namespace, String name) {
    client
        .batch()
        .v1()
        .jobs()
        .inNamespace(namespace)
        .withName(name)
        .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND)
        .delete();
  }

  @Override
  public void createJob(Job job) {
    try {
      client.batch().v1().jobs().resource(job).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
    }
  }
}
