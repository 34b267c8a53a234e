package dev.leakgate.operator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leakgate.analysis.GateInput;
import dev.leakgate.analysis.GateVerdict;
import dev.leakgate.analysis.PodVerdict;
import dev.leakgate.analysis.Reason;
import dev.leakgate.analysis.SignalKind;
import dev.leakgate.analysis.SignalVerdict;
import dev.leakgate.analysis.VerdictEngine;
import dev.leakgate.prometheus.PrometheusException;
import dev.leakgate.prometheus.Recorder;
import dev.leakgate.recording.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Recovering: reads the signals from the baseline start to now and asks the verdict engine where
 * the gate stands. The engine replays its evaluations from the data alone, so an operator that
 * restarts in this phase reaches the same verdict. At the deadline (recovery timeout plus two query
 * steps for the scrape to land), it judges what it has.
 */
public final class RecoveringStep implements PhaseStep {
  private static final Duration MAX_INTERVAL = Duration.ofSeconds(30);

  private final SignalSource signals;
  private final QueryRange range;
  private final VerdictEngine engine = new VerdictEngine();

  RecoveringStep(SignalSource signals, QueryRange range) {
    this.signals = signals;
    this.range = range;
  }

  @Override
  public Progress run(Gate gate) {
    LeakGateStatus status = gate.status();
    Instant loadEnd = Gate.time(status.loadFinishedAt);
    Duration step = range.step(gate.plan());
    Instant deadline =
        loadEnd.plus(gate.plan().settings().recovery().timeout()).plus(step.multipliedBy(2));
    Duration interval = interval(gate.plan(), step);
    ObjectNode recording;
    try {
      recording =
          signals.record(
              queries(status), range.request(gate, Gate.time(status.loadStartedAt), loadEnd));
    } catch (PrometheusException e) {
      if (!gate.now().isBefore(deadline.plus(interval.multipliedBy(2)))) {
        return Outcomes.decide(
            gate,
            Phase.Inconclusive,
            Reason.PROMETHEUS_UNAVAILABLE.code(),
            "Prometheus failed at the recovery deadline: " + e.getMessage());
      }
      status.message = "recovering; Prometheus failed, retrying: " + e.getMessage();
      return Progress.waitFor(interval);
    }
    GateInput input = GateRecordings.read(recording, gate.plan());
    VerdictEngine.Standing standing = engine.standing(input, gate.now());
    Optional<GateVerdict> verdict = standing.verdict();
    if (verdict.isEmpty() && !gate.now().isBefore(deadline)) {
      verdict = Optional.of(engine.judge(input));
    }
    status.signals = statuses(verdict.map(GateVerdict::signals).orElse(standing.signals()));
    if (verdict.isPresent()) {
      GateVerdict v = verdict.get();
      return Outcomes.decide(gate, Phase.of(v.verdict()), v.reason().code(), v.message());
    }
    status.message =
        "recovering "
            + Durations.format(Duration.between(loadEnd, gate.now()))
            + " of up to "
            + Durations.format(gate.plan().settings().recovery().timeout());
    return Progress.waitFor(interval);
  }

  /** The engine's interval rule, at least one query step and at most 30 s. */
  private static Duration interval(GatePlan plan, Duration step) {
    Duration timeout = plan.settings().recovery().timeout();
    Duration interval =
        plan.settings().recovery().interval().orElse(min(MAX_INTERVAL, timeout.dividedBy(20)));
    return interval.compareTo(step) < 0 ? step : interval;
  }

  private static List<Recorder.ResolvedQuery> queries(LeakGateStatus status) {
    return status.queries.stream()
        .map(
            q ->
                new Recorder.ResolvedQuery(
                    q.signal(),
                    SignalKind.fromId(q.kind()).orElseThrow(),
                    q.query(),
                    Optional.ofNullable(q.collections()),
                    Optional.ofNullable(q.upperBound())))
        .toList();
  }

  static List<LeakGateStatus.SignalStatus> statuses(List<SignalVerdict> signals) {
    List<LeakGateStatus.SignalStatus> out = new ArrayList<>();
    for (SignalVerdict s : signals) {
      for (PodVerdict p : s.pods()) {
        out.add(
            new LeakGateStatus.SignalStatus(
                s.name(),
                p.pod(),
                s.kind().id(),
                s.gating(),
                p.result().label(),
                finite(p.baseline()),
                finite(p.allowed()),
                finite(p.peak()),
                finite(p.level()),
                finite(p.last()),
                p.reason().code(),
                p.message()));
      }
    }
    return out;
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? Math.round(v * 1000) / 1000.0 : null;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) < 0 ? a : b;
  }
}
