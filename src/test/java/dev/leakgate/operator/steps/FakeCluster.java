package dev.leakgate.operator.steps;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The cluster edge for step tests: workloads, their pods, Jobs and ServiceAccounts held in memory;
 * pod listings counted, Jobs created and deleted recorded. The namespace {@code shop} has its
 * {@code default} and {@code leakgate-load} accounts.
 */
final class FakeCluster implements ClusterView {
  final Map<String, Workload> workloads = new HashMap<>();
  final Map<String, List<PodState>> pods = new HashMap<>();
  int podListings;
  final Map<String, LoadJob> jobs = new HashMap<>();
  final Set<String> serviceAccounts = new HashSet<>(Set.of("shop/default", "shop/leakgate-load"));
  final List<Job> created = new ArrayList<>();
  final List<String> deleted = new ArrayList<>();

  @Override
  public Optional<Workload> workload(String namespace, String kind, String name) {
    return Optional.ofNullable(workloads.get(namespace + "/" + kind + "/" + name));
  }

  @Override
  public List<PodState> pods(String namespace, Workload workload) {
    podListings++;
    return pods.getOrDefault(namespace + "/" + workload.kind() + "/" + workload.name(), List.of());
  }

  /** A workload whose controller counts these pods, ready or not, all of its latest spec. */
  void workload(String namespace, String kind, String name, int desired, PodState... running) {
    String key = namespace + "/" + kind + "/" + name;
    long ready = List.of(running).stream().filter(PodState::ready).count();
    workloads.put(key, new Workload(kind, name, desired, (int) ready, true));
    pods.put(key, List.of(running));
  }

  @Override
  public Optional<LoadJob> loadJob(String namespace, String name) {
    return Optional.ofNullable(jobs.get(namespace + "/" + name));
  }

  @Override
  public void createJob(Job job) {
    created.add(job);
  }

  @Override
  public boolean serviceAccountExists(String namespace, String name) {
    return serviceAccounts.contains(namespace + "/" + name);
  }

  @Override
  public void deleteJob(String namespace, String name) {
    deleted.add(namespace + "/" + name);
  }
}
