package dev.leakgate.operator.cluster;

import dev.leakgate.operator.steps.ClusterView;
import dev.leakgate.spec.TargetSpec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@link ClusterView} through fabric8. The target and the load Job come from the reconcile's
 * informer caches; a target missing from its cache is looked up once more (its watch event may
 * trail the gate's when both were applied together). Pods are listed only once the target reports
 * them all ready, the Job's pod once, for its termination message, and the Job's FailedCreate
 * events only while it has no pod.
 */
public final class KubernetesClusterView implements ClusterView {
  private final KubernetesClient client;
  private final Optional<Job> cachedJob;
  private final Optional<? extends HasMetadata> cachedTarget;

  /** A target missing from the cache as read directly, once per reconcile. */
  private HasMetadata looked;

  public KubernetesClusterView(
      KubernetesClient client,
      Optional<Job> cachedJob,
      Optional<? extends HasMetadata> cachedTarget) {
    this.client = client;
    this.cachedJob = cachedJob;
    this.cachedTarget = cachedTarget;
  }

  @Override
  public Optional<Workload> workload(String namespace, String kind, String name) {
    return target(namespace, kind, name).map(KubernetesClusterView::workload);
  }

  @Override
  public List<PodState> pods(String namespace, Workload workload) {
    LabelSelector selector =
        target(namespace, workload.kind(), workload.name())
            .map(KubernetesClusterView::selector)
            .orElseThrow();
    return client
        .pods()
        .inNamespace(namespace)
        .withLabelSelector(selector)
        .list()
        .getItems()
        .stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .map(KubernetesClusterView::podState)
        .toList();
  }

  private Optional<HasMetadata> target(String namespace, String kind, String name) {
    Optional<HasMetadata> cached =
        cachedTarget
            .filter(t -> kind(t).equals(kind) && t.getMetadata().getName().equals(name))
            .map(HasMetadata.class::cast);
    if (cached.isPresent()) {
      return cached;
    }
    if (looked == null
        || !kind(looked).equals(kind)
        || !looked.getMetadata().getName().equals(name)) {
      looked =
          kind.equals(TargetSpec.STATEFUL_SET)
              ? client.apps().statefulSets().inNamespace(namespace).withName(name).get()
              : client.apps().deployments().inNamespace(namespace).withName(name).get();
    }
    return Optional.ofNullable(looked);
  }

  private static Workload workload(HasMetadata target) {
    if (target instanceof StatefulSet set) {
      var status = set.getStatus();
      return reported(
          set,
          set.getSpec().getReplicas(),
          status == null
              ? null
              : new Reported(
                  status.getObservedGeneration(),
                  status.getReplicas(),
                  status.getUpdatedReplicas(),
                  status.getReadyReplicas()));
    }
    Deployment deployment = (Deployment) target;
    var status = deployment.getStatus();
    return reported(
        deployment,
        deployment.getSpec().getReplicas(),
        status == null
            ? null
            : new Reported(
                status.getObservedGeneration(),
                status.getReplicas(),
                status.getUpdatedReplicas(),
                status.getReadyReplicas()));
  }

  /** What a Deployment's or a StatefulSet's controller last wrote to its status. */
  private record Reported(Long observedGeneration, Integer pods, Integer updated, Integer ready) {}

  private static Workload reported(HasMetadata target, Integer specReplicas, Reported status) {
    int desired = specReplicas == null ? 1 : specReplicas;
    if (status == null) {
      return new Workload(kind(target), target.getMetadata().getName(), desired, 0, false);
    }
    Long generation = target.getMetadata().getGeneration();
    boolean rolledOut =
        status.observedGeneration() != null
            && generation != null
            && status.observedGeneration() >= generation
            && count(status.pods()) == desired
            && count(status.updated()) == desired;
    return new Workload(
        kind(target), target.getMetadata().getName(), desired, count(status.ready()), rolledOut);
  }

  private static LabelSelector selector(HasMetadata target) {
    return target instanceof StatefulSet set
        ? set.getSpec().getSelector()
        : ((Deployment) target).getSpec().getSelector();
  }

  /** From the type: list and watch items may come without their kind. */
  private static String kind(HasMetadata target) {
    return target instanceof StatefulSet ? TargetSpec.STATEFUL_SET : TargetSpec.DEPLOYMENT;
  }

  private static int count(Integer reported) {
    return reported == null ? 0 : reported;
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
