package dev.leakgate.operator;

import dev.leakgate.prometheus.PrometheusException;
import dev.leakgate.prometheus.Recorder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Baseline: waits out the window, then resolves each signal's query for the pods (the naming that
 * has series), so the rest of the gate reads exactly those series. A signal that is required but
 * missing, or PromQL that Prometheus refuses, ends the gate in Error.
 */
public final class BaselineStep implements PhaseStep {
  private static final Duration RETRY = Duration.ofSeconds(10);

  private final SignalSource signals;
  private final QueryRange range;

  BaselineStep(SignalSource signals, QueryRange range) {
    this.signals = signals;
    this.range = range;
  }

  /**
   * Adds the custom signals' queries, filled in for the pods, to {@code resolved}; the first one
   * with no series over the baseline is named in the answer.
   */
  private Optional<String> missingCustomSeries(
      Gate gate, Recorder.Request request, List<Recorder.ResolvedQuery> resolved)
      throws PrometheusException {
    List<Recorder.ResolvedQuery> custom =
        gate.plan().custom().stream()
            .map(c -> c.resolve(gate.namespace(), gate.podNames()))
            .toList();
    if (custom.isEmpty()) {
      return Optional.empty();
    }
    Optional<Recorder.ResolvedQuery> missing =
        Recorder.firstWithoutSeries(signals.record(custom, request));
    if (missing.isPresent()) {
      return Optional.of(
          "custom signal "
              + missing.get().signal()
              + " matched no series for pods "
              + gate.podNames()
              + " during the baseline (query: "
              + missing.get().query()
              + ")");
    }
    resolved.addAll(custom);
    return Optional.empty();
  }

  @Override
  public Progress run(Gate gate) {
    Instant end =
        Gate.time(gate.status().baselineStartedAt).plus(gate.plan().settings().baselineWindow());
    if (gate.now().isBefore(end)) {
      gate.status().message = "measuring the baseline until " + end;
      return Progress.waitFor(Duration.between(gate.now(), end));
    }
    List<Recorder.ResolvedQuery> resolved = new ArrayList<>();
    try {
      Recorder.Request request = range.request(gate, gate.now(), gate.now());
      resolved.addAll(Recorder.resolvedQueries(signals.resolve(request)));
      Optional<String> missing = missingCustomSeries(gate, request, resolved);
      if (missing.isPresent()) {
        return Outcomes.error(gate, ErrorReason.SignalsNotFound, missing.get());
      }
    } catch (PrometheusException e) {
      if (e.kind() == PrometheusException.Kind.EMPTY_RESULT
          || e.kind() == PrometheusException.Kind.BAD_QUERY) {
        return Outcomes.error(gate, ErrorReason.SignalsNotFound, e.getMessage());
      }
      if (!gate.now().isBefore(end.plus(gate.plan().startTimeout()))) {
        return Outcomes.error(
            gate,
            ErrorReason.PrometheusUnavailable,
            "Prometheus failed until startTimeout after the baseline: " + e.getMessage());
      }
      gate.status().message = "baseline done, retrying Prometheus: " + e.getMessage();
      return Progress.waitFor(RETRY);
    }
    gate.status().queries = new ArrayList<>();
    for (Recorder.ResolvedQuery q : resolved) {
      gate.status()
          .queries
          .add(new LeakGateStatus.ResolvedQuery(q.signal(), q.kind().id(), q.query()));
    }
    return Outcomes.moveTo(
        gate,
        Phase.Loading,
        "baseline done for "
            + String.join(", ", gate.status().queries.stream().map(q -> q.signal()).toList())
            + "; starting the load");
  }
}
