package dev.leakgate.operator.steps;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The part of the cluster the phase steps read and write, so each step is tested on its own. */
public interface ClusterView {

  /**
   * The target workload as its controller last reported it, or empty when it does not exist. Read
   * from a watch, so a gate that waits for its target costs the API server nothing.
   */
  Optional<Workload> workload(String namespace, String kind, String name);

  /** The workload's pods, listed once its controller reports them all ready. */
  List<PodState> pods(String namespace, Workload workload);

  /** The gate's load Job as last seen, or empty when there is none. */
  Optional<LoadJob> loadJob(String namespace, String name);

  /** Creates the load Job; one that already exists (made before a restart) is left as is. */
  void createJob(Job job);

  /** Whether this ServiceAccount exists: the API server refuses a pod that names a missing one. */
  boolean serviceAccountExists(String namespace, String name);

  /**
   * Deletes the load Job with its pods: a Job that could not start its pod keeps retrying, and must
   * not load the target after its gate has ended.
   */
  void deleteJob(String namespace, String name);

  /**
   * @param readyReplicas the pods its controller counts ready
   * @param rolledOut whether the controller has acted on the latest spec and every pod it counts
   *     runs that spec (no pods of an earlier version left)
   */
  record Workload(
      String kind, String name, int desiredReplicas, int readyReplicas, boolean rolledOut) {

    /** What the controller says; the pods listed afterwards are the proof. */
    public boolean reportsAllReady() {
      return desiredReplicas > 0 && rolledOut && readyReplicas == desiredReplicas;
    }
  }

  /**
   * @param readySince when the pod last became ready, if it is
   */
  record PodState(String name, String uid, boolean ready, Optional<Instant> readySince) {}

  /**
   * @param reason the Job's failure reason (DeadlineExceeded, BackoffLimitExceeded) when failed
   * @param terminationMessage what the load container wrote to its termination message
   * @param podRefused while the Job has no pod: why the Job controller could not create one (its
   *     latest {@code FailedCreate} event), if it tried
   */
  record LoadJob(
      Outcome outcome,
      String reason,
      String message,
      Optional<Instant> finishedAt,
      Optional<String> terminationMessage,
      Optional<String> podRefused) {

    public LoadJob(
        Outcome outcome,
        String reason,
        String message,
        Optional<Instant> finishedAt,
        Optional<String> terminationMessage) {
      this(outcome, reason, message, finishedAt, terminationMessage, Optional.empty());
    }

    public enum Outcome {
      /** Not ended and without a pod yet (suspended, just created, or its pod was refused). */
      Starting,
      Running,
      Succeeded,
      Failed
    }
  }
}
