package dev.leakgate.local;

import dev.leakgate.analysis.Numbers;
import dev.leakgate.analysis.SignalKind;
import dev.leakgate.prometheus.PrometheusClient;
import dev.leakgate.prometheus.PrometheusException;
import dev.leakgate.prometheus.PrometheusTls;
import dev.leakgate.prometheus.Recorder;
import dev.leakgate.recording.RecordedSignal;
import dev.leakgate.recording.Recording;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Signals read from a Prometheus that scrapes the target, with the presets' PromQL: the same
 * queries, and so the same series, as the operator reads in a cluster.
 */
final class PrometheusSignals implements LocalSignals {
  private final LocalGatePlan plan;
  private final SignalOrigin.Prometheus origin;
  private final Recorder recorder;
  private List<Recorder.ResolvedQuery> queries = List.of();
  private final PrometheusClient client;
  private boolean answered;
  private Recording last;
  private String lastError;

  PrometheusSignals(LocalGatePlan plan, SignalOrigin.Prometheus origin, PrometheusClient client) {
    this.plan = plan;
    this.origin = origin;
    this.client = client;
    this.recorder = new Recorder(client);
  }

  @Override
  public void start() {
    // Prometheus keeps the history; nothing to start.
  }

  /**
   * Asks Prometheus once, at the start, whether it answers (see {@link PrometheusClient#check}).
   */
  @Override
  public Optional<String> notAnswering(Instant start, Instant now) {
    if (answered) {
      return Optional.empty();
    }
    try {
      client.check(now);
      answered = true;
      return Optional.empty();
    } catch (PrometheusException e) {
      return Optional.of(e.getMessage());
    }
  }

  /** Prometheus is read at the baseline's end and while recovering; in between, those values. */
  @Override
  public String latestValues() {
    if (last == null) {
      return "(reading " + origin.url() + " after the baseline)";
    }
    StringBuilder b = new StringBuilder();
    for (RecordedSignal signal : last.signals()) {
      SignalKind kind = signal.kind();
      if (kind.isEvidence() || signal.data().isEmpty()) {
        continue;
      }
      double[] values = signal.data().result().get(0).values();
      if (values.length > 0) {
        b.append(b.isEmpty() ? "" : "  ")
            .append(signal.name())
            .append(' ')
            .append(Numbers.of(kind, values[values.length - 1]));
      }
    }
    return b + " (last read from Prometheus)";
  }

  @Override
  public Optional<Recording> resolve(Instant baselineStart, Instant now) throws LocalGateException {
    try {
      last = recorder.record(request(baselineStart, now, now, now), note -> {});
      queries = Recorder.resolvedQueries(last);
      return Optional.of(last);
    } catch (PrometheusException e) {
      throw new LocalGateException(origin.url() + ": " + e.getMessage());
    }
  }

  @Override
  public Optional<Recording> recording(
      Instant baselineStart, Instant loadStart, Instant loadEnd, Instant now) {
    try {
      last = recorder.recordResolved(queries, request(baselineStart, loadStart, loadEnd, now));
      lastError = null;
      return Optional.of(last);
    } catch (PrometheusException e) {
      lastError = e.getMessage();
      return Optional.empty();
    }
  }

  private Recorder.Request request(
      Instant baselineStart, Instant loadStart, Instant loadEnd, Instant now) {
    return new Recorder.Request(
        new Recorder.Target(origin.namespace(), List.of(plan.pod()), plan.signals(), plan.auto()),
        new Recorder.Span(baselineStart, loadStart, loadEnd, now),
        plan.scrapeInterval(),
        plan.settings(),
        Recorder.PresetSignals.REQUIRED,
        Recorder.Samples.RAW);
  }

  @Override
  public Optional<String> failing(Instant now) {
    return Optional.ofNullable(lastError);
  }

  @Override
  public void close() {}

  static PrometheusClient client(SignalOrigin.Prometheus origin) throws LocalGateException {
    try {
      return PrometheusClient.standard(
          origin.url(),
          Map.of(),
          Duration.ofSeconds(30),
          PrometheusTls.context(Optional.empty(), origin.insecure()));
    } catch (PrometheusTls.BadCaException e) {
      throw new LocalGateException(e.getMessage());
    }
  }
}
