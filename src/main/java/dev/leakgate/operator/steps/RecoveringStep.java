package dev.leakgate.operator.steps;

import dev.leakgate.analysis.GateVerdict;
import dev.leakgate.analysis.PodVerdict;
import dev.leakgate.analysis.SignalKind;
import dev.leakgate.analysis.SignalVerdict;
import dev.leakgate.gate.GateClock;
import dev.leakgate.gate.RecoveryWatch;
import dev.leakgate.operator.model.LeakGateStatus;
import dev.leakgate.operator.model.Phase;
import dev.leakgate.prometheus.PrometheusException;
import dev.leakgate.prometheus.Recorder;
import dev.leakgate.recording.Recording;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Recovering: reads the signals from the baseline start to now and hands them to the gate's {@link
 * RecoveryWatch}, whose rules about the deadline and giving up {@code run} shares. The engine
 * replays its evaluations from the data alone, so an operator that restarts in this phase reaches
 * the same verdict.
 */
public final class RecoveringStep implements PhaseStep {
  private static final Duration MAX_INTERVAL = Duration.ofSeconds(30);

  private final SignalSource signals;
  private final QueryRange range;

  RecoveringStep(SignalSource signals, QueryRange range) {
    this.signals = signals;
    this.range = range;
  }

  @Override
  public Progress run(Gate gate) {
    LeakGateStatus status = gate.status();
    Instant loadEnd = Gate.time(status.loadFinishedAt);
    Duration step = range.step(gate.plan());
    RecoveryWatch watch =
        new RecoveryWatch(gate.plan().settings(), step, interval(gate.plan(), step));
    RecoveryWatch.Look look;
    try {
      Recording recording =
          signals.record(
              queries(status), range.request(gate, Gate.time(status.loadStartedAt), loadEnd));
      look = watch.read(GateRecordings.read(recording, gate.plan()), loadEnd, gate.now());
    } catch (PrometheusException e) {
      look = watch.unreadable("Prometheus failed: " + e.getMessage(), loadEnd, gate.now());
    }
    if (look instanceof RecoveryWatch.Look.Decided decided) {
      GateVerdict v = decided.verdict();
      if (!v.signals().isEmpty()) {
        status.signals = statuses(v.signals());
      }
      return Outcomes.decide(gate, Phase.of(v.verdict()), v.reason().code(), v.message());
    }
    if (look instanceof RecoveryWatch.Look.Watching watching) {
      status.signals = statuses(watching.standing());
      status.message =
          GateClock.recovering(
              Duration.between(loadEnd, gate.now()), gate.plan().settings().recovery().timeout());
    } else if (look instanceof RecoveryWatch.Look.Retrying retrying) {
      status.message = "recovering; " + retrying.why() + "; retrying";
    }
    return Progress.waitFor(watch.every());
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
                finite(p.slopePerHour()),
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
