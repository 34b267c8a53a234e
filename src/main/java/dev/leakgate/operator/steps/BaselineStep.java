package dev.leakgate.operator.steps;

import dev.leakgate.analysis.GateVerdict;
import dev.leakgate.analysis.VerdictEngine;
import dev.leakgate.gate.GateClock;
import dev.leakgate.operator.model.ErrorReason;
import dev.leakgate.operator.model.LeakGateStatus;
import dev.leakgate.operator.model.Phase;
import dev.leakgate.prometheus.PrometheusException;
import dev.leakgate.prometheus.Recorder;
import dev.leakgate.recording.RecordedSignal;
import dev.leakgate.recording.Recording;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Baseline: waits out the window, then resolves each signal's query for the pods (the naming that
 * has series), so the rest of the gate reads exactly those series. A signal that is required but
 * missing, or PromQL that Prometheus refuses, ends the gate in Error; a baseline with too few
 * samples to judge against ends it Inconclusive before any load.
 */
public final class BaselineStep implements PhaseStep {
  private static final Duration RETRY = Duration.ofSeconds(10);

  private final SignalSource signals;
  private final QueryRange range;
  private final VerdictEngine engine = new VerdictEngine();

  BaselineStep(SignalSource signals, QueryRange range) {
    this.signals = signals;
    this.range = range;
  }

  @Override
  public Progress run(Gate gate) {
    Instant end =
        Gate.time(gate.status().baselineStartedAt).plus(gate.plan().settings().baselineWindow());
    if (gate.now().isBefore(end)) {
      gate.status().message = "measuring the baseline until " + end;
      return Progress.waitFor(Duration.between(gate.now(), end));
    }
    Recording recording;
    List<Recorder.ResolvedQuery> resolved = new ArrayList<>();
    try {
      Recorder.Request request = range.request(gate, gate.now(), gate.now());
      recording = signals.resolve(request);
      resolved.addAll(Recorder.resolvedQueries(recording));
      if (!gate.plan().custom().isEmpty()) {
        Recording custom = customSignals(gate, request);
        Optional<RecordedSignal> missing = custom.firstWithoutSeries();
        if (missing.isPresent()) {
          return Outcomes.error(
              gate,
              ErrorReason.SignalsNotFound,
              "custom signal "
                  + missing.get().name()
                  + " matched no series for pods "
                  + gate.podNames()
                  + " during the baseline (query: "
                  + missing.get().query().orElse("")
                  + ")");
        }
        resolved.addAll(Recorder.resolvedQueries(custom));
        recording =
            recording.withSignals(
                Stream.concat(recording.signals().stream(), custom.signals().stream()).toList());
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
    Optional<GateVerdict> thin = engine.beforeLoad(GateRecordings.read(recording, gate.plan()));
    if (thin.isPresent()) {
      return tooThin(gate, thin.get());
    }
    gate.status().queries = new ArrayList<>();
    for (Recorder.ResolvedQuery q : resolved) {
      gate.status()
          .queries
          .add(
              new LeakGateStatus.ResolvedQuery(
                  q.signal(),
                  q.kind().id(),
                  q.query(),
                  q.collections().orElse(null),
                  q.upperBound().orElse(null)));
    }
    return Outcomes.moveTo(
        gate,
        Phase.Loading,
        "baseline done for "
            + String.join(", ", gate.status().queries.stream().map(q -> q.signal()).toList())
            + "; starting the load");
  }

  /**
   * A baseline too thin to judge against. From history, Prometheus may have begun scraping the pods
   * late (a new scrape config, a restarted Prometheus): measure it afresh, once. Measured, it ends
   * the gate before the load, which could only end the same way after the whole recovery.
   */
  private static Progress tooThin(Gate gate, GateVerdict verdict) {
    LeakGateStatus status = gate.status();
    Duration window = gate.plan().settings().baselineWindow();
    if ("History".equals(status.baselineSource)) {
      status.baselineSource = "Measured";
      status.baselineStartedAt = gate.now().toString();
      status.message =
          "history in Prometheus too thin ("
              + verdict.message()
              + "); measuring the baseline for "
              + GateClock.span(window);
      return Progress.waitFor(window);
    }
    status.signals = RecoveringStep.statuses(verdict.signals());
    return Outcomes.decide(
        gate,
        Phase.of(verdict.verdict()),
        verdict.reason().code(),
        "not starting the load: " + verdict.message());
  }

  /** The gate's custom signals over the baseline, filled in for its pods. */
  private Recording customSignals(Gate gate, Recorder.Request request) throws PrometheusException {
    List<Recorder.ResolvedQuery> custom =
        gate.plan().custom().stream()
            .map(c -> c.resolve(gate.namespace(), gate.podNames()))
            .toList();
    return signals.record(custom, request);
  }
}
