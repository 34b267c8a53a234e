package dev.leakgate.operator;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The part of the cluster the phase steps read and write, so each step is tested on its own. */
public interface ClusterView {

  /** The target workload with its pods, or empty when it does not exist. */
  Optional<Workload> workload(String namespace, String kind, String name);

  /** The gate's load Job as last seen, or empty when there is none. */
  Optional<LoadJob> loadJob(String namespace, String name);

  /** Creates the load Job; one that already exists (made before a restart) is left as is. */
  void createJob(Job job);

  record Workload(String kind, String name, int desiredReplicas, List<PodState> pods) {
    public Workload {
      pods = List.copyOf(pods);
    }

    public long ready() {
      return pods.stream().filter(PodState::ready).count();
    }
  }

  /**
   * @param readySince when the pod last became ready, if it is
   */
  record PodState(String name, String uid, boolean ready, Optional<Instant> readySince) {}

  /**
   * @param reason the Job's failure reason (DeadlineExceeded, BackoffLimitExceeded) when failed
   * @param terminationMessage what the load container wrote to its termination message
   */
  record LoadJob(
      Outcome outcome,
      String reason,
      String message,
      Optional<Instant> finishedAt,
      Optional<String> terminationMessage) {
    public enum Outcome {
      Running,
      Succeeded,
      Failed
    }
  }
}
