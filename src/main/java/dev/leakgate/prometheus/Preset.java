package dev.leakgate.prometheus;

import dev.leakgate.analysis.SignalKind;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Signal presets: fixed signal names with the PromQL that reads them per pod. The names are used
 * the same way in recordings, status and output. Each query is {@code max by (pod)} so one series
 * comes back per pod whatever other labels the metric carries.
 */
public enum Preset {
  JVM(
      "jvm",
      "JVM with the Prometheus simpleclient hotspot collectors",
      signal("jvm-threads", SignalKind.THREADS, "jvm_threads_current{%s}"),
      signal(
          "jvm-old-gen-after-gc",
          SignalKind.HEAP,
          "jvm_memory_pool_collection_used_bytes{%s, pool=~\".*Old.*|.*Tenured.*\"}"),
      signal("process-open-fds", SignalKind.FDS, "process_open_fds{%s}"),
      signal("process-start-time", SignalKind.START_TIME, "process_start_time_seconds{%s}")),
  CONTAINER(
      "container",
      "cAdvisor and kube-state-metrics",
      signal(
          "container-rss",
          SignalKind.MEMORY,
          "container_memory_rss{%s, container!=\"\", container!=\"POD\"}"),
      signal(
          "container-oom-killed",
          SignalKind.OOM_KILLED,
          "kube_pod_container_status_last_terminated_reason{%s, reason=\"OOMKilled\"}")),
  GO(
      "go",
      "Go with the Prometheus client_golang collectors",
      signal("go-goroutines", SignalKind.GOROUTINES, "go_goroutines{%s}"),
      signal("go-heap-alloc", SignalKind.HEAP, "go_memstats_heap_alloc_bytes{%s}"),
      signal("process-open-fds", SignalKind.FDS, "process_open_fds{%s}"),
      signal("process-start-time", SignalKind.START_TIME, "process_start_time_seconds{%s}")),
  NODEJS(
      "nodejs",
      "Node.js with prom-client",
      signal("nodejs-active-handles", SignalKind.HANDLES, "nodejs_active_handles_total{%s}"),
      signal(
          "nodejs-old-space",
          SignalKind.HEAP,
          "nodejs_heap_space_size_used_bytes{%s, space=\"old\"}"),
      signal("process-open-fds", SignalKind.FDS, "process_open_fds{%s}"),
      signal("process-start-time", SignalKind.START_TIME, "process_start_time_seconds{%s}")),
  PYTHON(
      "python",
      "Python with prometheus_client",
      signal("process-open-fds", SignalKind.FDS, "process_open_fds{%s}"),
      signal("process-rss", SignalKind.MEMORY, "process_resident_memory_bytes{%s}"),
      signal("process-start-time", SignalKind.START_TIME, "process_start_time_seconds{%s}"));

  /** One preset signal: its fixed name, kind and PromQL template. */
  public record Signal(String name, SignalKind kind, String template) {}

  private static final String SELECTOR = "namespace=\"$namespace\", pod=~\"$pods\"";

  private final String id;
  private final String description;
  private final List<Signal> signals;

  Preset(String id, String description, Signal... signals) {
    this.id = id;
    this.description = description;
    this.signals = List.of(signals);
  }

  private static Signal signal(String name, SignalKind kind, String selector) {
    return new Signal(name, kind, "max by (pod) (" + String.format(selector, SELECTOR) + ")");
  }

  public String id() {
    return id;
  }

  public String description() {
    return description;
  }

  public List<Signal> signals() {
    return signals;
  }

  public static Optional<Preset> fromId(String id) {
    return Arrays.stream(values()).filter(p -> p.id.equals(id)).findFirst();
  }

  /**
   * The signals named by a list of preset ids and preset signal names ("jvm", or "jvm-threads"), in
   * order, each once.
   */
  public static List<Signal> resolve(List<String> names) {
    java.util.Map<String, Signal> out = new java.util.LinkedHashMap<>();
    for (String name : names) {
      Optional<Preset> preset = fromId(name);
      if (preset.isPresent()) {
        preset.get().signals().forEach(s -> out.putIfAbsent(s.name(), s));
        continue;
      }
      Signal signal =
          Arrays.stream(values())
              .flatMap(p -> p.signals().stream())
              .filter(s -> s.name().equals(name))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "unknown preset or signal '"
                              + name
                              + "'; presets: "
                              + allIds()
                              + "; signals: "
                              + String.join(
                                  ", ",
                                  Arrays.stream(values())
                                      .flatMap(p -> p.signals().stream())
                                      .map(Signal::name)
                                      .distinct()
                                      .toList())));
      out.putIfAbsent(signal.name(), signal);
    }
    return List.copyOf(out.values());
  }

  public static String allIds() {
    return String.join(", ", Arrays.stream(values()).map(Preset::id).toList());
  }
}
