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
      "JVM: Prometheus simpleclient hotspot, Micrometer or OpenTelemetry names, whichever exist",
      signal(
          "jvm-threads",
          SignalKind.THREADS,
          max("simpleclient", "jvm_threads_current"),
          max("micrometer", "jvm_threads_live_threads"),
          sum("opentelemetry", "jvm_thread_count")),
      signal(
          "jvm-old-gen-after-gc",
          SignalKind.HEAP,
          // Post-GC gauges: they change only when a collection touches the old generation,
          // which a lightly loaded JVM may not do for minutes. The pool's current usage, garbage
          // included, bounds its live data meanwhile.
          max(
                  "simpleclient",
                  "jvm_memory_pool_collection_used_bytes",
                  LabelMatcher.regex("pool", Pools.OLD))
              .boundedBy(
                  "jvm_memory_pool_bytes_used",
                  Aggregation.MAX,
                  LabelMatcher.regex("pool", Pools.OLD)),
          max("micrometer", "jvm_gc_live_data_size_bytes")
              .boundedBy(
                  "jvm_memory_used_bytes",
                  Aggregation.MAX,
                  LabelMatcher.equal("area", "heap"),
                  LabelMatcher.regex("id", Pools.OLD)),
          sum(
                  "opentelemetry",
                  "jvm_memory_used_after_last_gc_bytes",
                  LabelMatcher.equal("jvm_memory_type", "heap"))
              .boundedBy(
                  "jvm_memory_used_bytes",
                  Aggregation.SUM,
                  LabelMatcher.equal("jvm_memory_type", "heap"))),
      ProcessSignals.OPEN_FDS,
      ProcessSignals.START_TIME),
  CONTAINER(
      "container",
      "cAdvisor and kube-state-metrics",
      signal(
          "container-rss",
          SignalKind.MEMORY,
          max(
              "cadvisor",
              "container_memory_rss",
              LabelMatcher.notEqual("container", ""),
              LabelMatcher.notEqual("container", "POD"))),
      signal(
          "container-oom-killed",
          SignalKind.OOM_KILLED,
          max(
              "kube-state-metrics",
              "kube_pod_container_status_last_terminated_reason",
              LabelMatcher.equal("reason", "OOMKilled"))),
      signal(
          "container-restarts",
          SignalKind.RESTARTS,
          sum("kube-state-metrics", "kube_pod_container_status_restarts_total"))),
  GO(
      "go",
      "Go with the Prometheus client_golang collectors",
      signal("go-goroutines", SignalKind.GOROUTINES, max("client_golang", "go_goroutines")),
      signal(
          "go-heap-alloc",
          SignalKind.HEAP,
          // Every Go collection is a full one: the heap at a collection is its live data.
          max("client_golang", "go_memstats_heap_alloc_bytes")
              .collectedBy("go_gc_duration_seconds_count")),
      ProcessSignals.OPEN_FDS,
      ProcessSignals.START_TIME),
  NODEJS(
      "nodejs",
      "Node.js with prom-client",
      signal(
          "nodejs-active-handles",
          SignalKind.HANDLES,
          max("prom-client", "nodejs_active_handles_total")),
      signal(
          "nodejs-old-space",
          SignalKind.HEAP,
          // Scavenges move survivors into old space; only a major (mark-compact) collection
          // leaves it at its live data.
          max(
                  "prom-client",
                  "nodejs_heap_space_size_used_bytes",
                  LabelMatcher.equal("space", "old"))
              .collectedBy(
                  "nodejs_gc_duration_seconds_count", LabelMatcher.equal("kind", "major"))),
      ProcessSignals.OPEN_FDS,
      ProcessSignals.START_TIME),
  PYTHON(
      "python",
      "Python with prometheus_client",
      // prometheus_client exports no thread count, and neither RSS nor virtual memory stands in
      // for one (a burst of healthy threads leaves malloc arenas behind), so the preset reads a
      // gauge of threading.active_count() under this name, or OpenTelemetry's process metric.
      signal(
          "python-threads",
          SignalKind.THREADS,
          max("prometheus", "python_threads"),
          max("opentelemetry", "process_thread_count")),
      ProcessSignals.OPEN_FDS,
      signal("process-rss", SignalKind.MEMORY, max("prometheus", "process_resident_memory_bytes")),
      ProcessSignals.START_TIME);

  /** The old generation's pool under G1, Parallel and Serial GC. */
  private static final class Pools {
    static final String OLD = ".*Old.*|.*Tenured.*";
  }

  /** Signals that every runtime's Prometheus client exports under the same names. */
  private static final class ProcessSignals {
    static final Signal OPEN_FDS =
        signal(
            "process-open-fds",
            SignalKind.FDS,
            max("prometheus", "process_open_fds"),
            max("micrometer", "process_files_open_files"),
            // OpenTelemetry's Java runtime metrics count fds only with their experimental
            // telemetry on (otel.instrumentation.runtime-telemetry.emit-experimental-telemetry).
            max("opentelemetry", "jvm_file_descriptor_count"));
    static final Signal START_TIME =
        signal(
            "process-start-time",
            SignalKind.START_TIME,
            max("prometheus", "process_start_time_seconds"));
  }

  /** Every preset's signals, each once; those whose metrics exist are kept. */
  public static final String AUTO = "auto";

  /**
   * One preset signal: its fixed name, kind, and the metric namings it may be read under, tried in
   * order. The name is the same whichever naming answers.
   */
  public record Signal(String name, SignalKind kind, List<Variant> variants) {
    /** The first variant's template (the common naming). */
    public String template() {
      return variants.get(0).template();
    }

    /**
     * The signal read from one container of each pod: namings with a {@code container} label (the
     * cAdvisor and kube-state-metrics ones) match exactly that container; the others, exported by
     * the process itself, are unchanged.
     */
    public Signal forContainer(String container) {
      List<Variant> narrowed = new java.util.ArrayList<>();
      for (Variant v : variants) {
        boolean perContainer =
            v.metric().startsWith("container_") || v.metric().startsWith("kube_pod_container_");
        if (!perContainer) {
          narrowed.add(v);
          continue;
        }
        List<LabelMatcher> matchers = new java.util.ArrayList<>();
        v.matchers().stream().filter(m -> !m.label().equals("container")).forEach(matchers::add);
        matchers.add(LabelMatcher.equal("container", container));
        narrowed.add(
            new Variant(
                v.flavor(),
                v.aggregation(),
                v.metric(),
                matchers,
                v.collections(),
                v.upperBound()));
      }
      return new Signal(name, kind, narrowed);
    }
  }

  /**
   * One naming of a signal: which client library uses it, and how to read it per pod: a metric,
   * label matchers, and how to fold the series of one pod into one. The same description gives the
   * PromQL for Prometheus and the evaluation of a scraped {@code /metrics} page.
   */
  public record Variant(
      String flavor,
      Aggregation aggregation,
      String metric,
      List<LabelMatcher> matchers,
      Optional<Variant> collections,
      Optional<Variant> upperBound) {
    public Variant {
      matchers = List.copyOf(matchers);
    }

    public Variant(
        String flavor, Aggregation aggregation, String metric, List<LabelMatcher> matchers) {
      this(flavor, aggregation, metric, matchers, Optional.empty(), Optional.empty());
    }

    /**
     * This naming of a post-GC heap gauge with a gauge that bounds its live data from above between
     * collections (the pool's current usage, garbage included), exported by the same client: at the
     * timeout with no collection since the load, the bound in band passes.
     */
    Variant boundedBy(String metric, Aggregation aggregation, LabelMatcher... boundMatchers) {
      return new Variant(
          flavor,
          this.aggregation,
          this.metric,
          matchers,
          collections,
          Optional.of(new Variant(flavor, aggregation, metric, List.of(boundMatchers))));
    }

    /**
     * This naming of a raw heap gauge with the counter of the collections that leave it at its live
     * data, exported by the same client: the engine judges the heap at those collections.
     */
    Variant collectedBy(String counter, LabelMatcher... counterMatchers) {
      return new Variant(
          flavor,
          aggregation,
          metric,
          matchers,
          Optional.of(new Variant(flavor, Aggregation.MAX, counter, List.of(counterMatchers))),
          upperBound);
    }

    /** The per-pod PromQL, with {@code $namespace} and {@code $pods} still to fill. */
    public String template() {
      return aggregation.promQl() + " by (pod) (" + selectorTemplate() + ")";
    }

    /**
     * The series selector inside {@link #template()}, unaggregated: for reading raw samples over a
     * range selector, folded per pod afterwards with {@link #aggregation()}.
     */
    public String selectorTemplate() {
      StringBuilder selector = new StringBuilder(SELECTOR);
      matchers.forEach(m -> selector.append(", ").append(m.promQl()));
      return metric + "{" + selector + "}";
    }
  }

  /**
   * A series read beside a heap naming, written in a recording's signal under {@link #field()}: the
   * runtime's collection counter beside a raw heap gauge, or the pool's usage that bounds a post-GC
   * gauge from above.
   */
  public enum Companion {
    COLLECTIONS("collections"),
    UPPER_BOUND("upperBound");

    private final String field;

    Companion(String field) {
      this.field = field;
    }

    public String field() {
      return field;
    }

    /** This companion's naming beside {@code variant}, if it has one. */
    public Optional<Variant> of(Variant variant) {
      return this == COLLECTIONS ? variant.collections() : variant.upperBound();
    }
  }

  /** How the series of one pod fold into one value. */
  public enum Aggregation {
    /** The largest: one series per pod whatever other labels the metric carries. */
    MAX("max"),
    /** The total: a metric split over labels (OpenTelemetry's thread states). */
    SUM("sum");

    private final String promQl;

    Aggregation(String promQl) {
      this.promQl = promQl;
    }

    public String promQl() {
      return promQl;
    }
  }

  private static final String SELECTOR = "namespace=\"$namespace\", pod=~\"$pods\"";

  private final String id;
  private final String description;
  private final List<Signal> signals;

  Preset(String id, String description, Signal... signals) {
    this.id = id;
    this.description = description;
    this.signals = List.of(signals);
  }

  private static Signal signal(String name, SignalKind kind, Variant... variants) {
    return new Signal(name, kind, List.of(variants));
  }

  private static Variant max(String flavor, String metric, LabelMatcher... matchers) {
    return new Variant(flavor, Aggregation.MAX, metric, List.of(matchers));
  }

  private static Variant sum(String flavor, String metric, LabelMatcher... matchers) {
    return new Variant(flavor, Aggregation.SUM, metric, List.of(matchers));
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
      if (name.equals(AUTO)) {
        Arrays.stream(values())
            .flatMap(p -> p.signals().stream())
            .forEach(s -> out.putIfAbsent(s.name(), s));
        continue;
      }
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
                              + ", auto"
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
