package dev.leakgate.operator.steps;

import dev.leakgate.prometheus.CustomSignal;
import dev.leakgate.prometheus.Recorder;
import java.time.Duration;
import java.time.Instant;

/** How a gate asks Prometheus for its range: from the baseline start to now, at a fitting step. */
public final class QueryRange {
  private static final Duration MIN_STEP = Duration.ofSeconds(1);

  private final Duration maxStep;

  /**
   * @param maxStep the configured step; short baseline windows use less (a twentieth of the
   *     window), so the baseline always has enough points to judge its noise
   */
  public QueryRange(Duration maxStep) {
    this.maxStep = maxStep;
  }

  Duration step(GatePlan plan) {
    Duration twentieth = plan.settings().baselineWindow().dividedBy(20);
    Duration step = twentieth.compareTo(maxStep) < 0 ? twentieth : maxStep;
    step = Duration.ofSeconds(step.toSeconds());
    return step.compareTo(MIN_STEP) < 0 ? MIN_STEP : step;
  }

  public Recorder.Request request(Gate gate, Instant loadStart, Instant loadEnd) {
    return new Recorder.Request(
        new Recorder.Target(
            gate.namespace(), gate.podNames(), gate.plan().signals(), gate.plan().auto()),
        new Recorder.Span(
            Gate.time(gate.status().baselineStartedAt), loadStart, loadEnd, gate.now()),
        step(gate.plan()),
        gate.plan().settings(),
        gate.plan().custom().stream().anyMatch(CustomSignal::gating)
            ? Recorder.PresetSignals.OPTIONAL
            : Recorder.PresetSignals.REQUIRED,
        Recorder.Samples.RAW);
  }
}
