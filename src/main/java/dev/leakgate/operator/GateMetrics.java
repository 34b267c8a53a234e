package dev.leakgate.operator;

import dev.leakgate.operator.cluster.PrometheusSignalSources;
import dev.leakgate.operator.model.Phase;
import dev.leakgate.prometheus.PrometheusException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operator's own metrics (docs/operator.md): gates by phase, verdicts by reason, time spent in
 * each phase, and Prometheus query latency and errors. Exposed at {@code /q/metrics}.
 */
final class GateMetrics implements PrometheusSignalSources.QueryTimer {
  private final MeterRegistry registry;
  private final Map<String, Phase> phases = new ConcurrentHashMap<>();
  private final Counter reconcileErrors;

  GateMetrics(MeterRegistry registry) {
    this.registry = registry;
    // Registered at start, so an alert on its increase sees a 0 before the first error.
    this.reconcileErrors =
        Counter.builder("leakgate.reconcile.errors")
            .description("Reconciles that threw; each is retried")
            .register(registry);
    for (Phase phase : Phase.values()) {
      Gauge.builder(
              "leakgate.gates", phases, m -> m.values().stream().filter(p -> p == phase).count())
          .description("Gates this operator knows, by phase")
          .tag("phase", phase.name())
          .register(registry);
    }
  }

  void phase(String gate, Phase phase) {
    phases.put(gate, phase);
  }

  void phaseEnded(Phase phase, Duration took) {
    Timer.builder("leakgate.phase.duration")
        .description("Time gates spent in a phase")
        .tag("phase", phase.name())
        .register(registry)
        .record(took);
  }

  void decided(String verdict, String reason) {
    Counter.builder("leakgate.verdicts")
        .description("Gates that ended, by verdict and reason")
        .tag("verdict", verdict)
        .tag("reason", reason == null ? "" : reason)
        .register(registry)
        .increment();
  }

  void reconcileFailed() {
    reconcileErrors.increment();
  }

  @Override
  public <T> T timeQuery(Query<T> query) throws PrometheusException {
    long start = System.nanoTime();
    String outcome = "ok";
    try {
      return query.run();
    } catch (PrometheusException e) {
      outcome = e.kind().name().toLowerCase(java.util.Locale.ROOT);
      throw e;
    } finally {
      Timer.builder("leakgate.prometheus.queries")
          .description("Prometheus reads of a gate's signals, by outcome")
          .tag("outcome", outcome)
          .register(registry)
          .record(Duration.ofNanos(System.nanoTime() - start));
    }
  }
}
