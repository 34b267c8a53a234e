package dev.leakgate.operator;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The cluster edge for step tests: workloads and Jobs held in memory, Jobs created recorded. */
final class FakeCluster implements ClusterView {
  final Map<String, Workload> workloads = new HashMap<>();
  final Map<String, LoadJob> jobs = new HashMap<>();
  final List<Job> created = new ArrayList<>();

  @Override
  public Optional<Workload> workload(String namespace, String kind, String name) {
    return Optional.ofNullable(workloads.get(namespace + "/" + kind + "/" + name));
  }

  @Override
  public Optional<LoadJob> loadJob(String namespace, String name) {
    return Optional.ofNullable(jobs.get(namespace + "/" + name));
  }

  @Override
  public void createJob(Job job) {
    created.add(job);
  }
}
