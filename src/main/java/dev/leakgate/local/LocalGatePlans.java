package dev.leakgate.local;

import dev.leakgate.analysis.GateSettings;
import dev.leakgate.analysis.Numbers;
import dev.leakgate.analysis.VerdictEngine;
import dev.leakgate.load.LoadPlan;
import dev.leakgate.prometheus.Preset;
import dev.leakgate.spec.InvalidSpecException;
import dev.leakgate.spec.LeakGateSpec;
import dev.leakgate.spec.LoadPlans;
import dev.leakgate.spec.PrometheusSpec;
import dev.leakgate.spec.SpecFields;
import dev.leakgate.spec.SpecReader;
import dev.leakgate.spec.SpecSettings;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Checks a spec for {@code leakgate run} and turns it into a {@link LocalGatePlan}. */
public final class LocalGatePlans {
  public static final String DEFAULT_POD = "local";

  private LocalGatePlans() {}

  public static LocalGatePlan from(SpecReader.Document document) throws InvalidSpecException {
    LeakGateSpec spec = document.spec();
    if (spec.target() == null) {
      throw new InvalidSpecException(
          "spec.target", "is required (with metricsUrl for leakgate run)");
    }
    SignalOrigin origin = origin(document);
    Optional<URI> threads = url(spec.target().threadDumpUrl(), "spec.target.threadDumpUrl", false);
    String pod = spec.target().name() == null ? DEFAULT_POD : spec.target().name();
    if (spec.load() == null || spec.load().http() == null) {
      throw new InvalidSpecException(
          "spec.load.http",
          spec.load() != null && spec.load().jobTemplate() != null
              ? "leakgate run runs only the built-in load; spec.load.jobTemplate needs the operator"
              : "is required: the built-in load to run (url, rate or concurrency, duration)");
    }
    if (spec.load().jobTemplate() != null) {
      throw new InvalidSpecException(
          "spec.load", "give exactly one of spec.load.http and spec.load.jobTemplate");
    }
    LoadPlan load = LoadPlans.from(spec.load().http(), f -> "spec.load.http." + f);
    if (!spec.signals().custom().isEmpty()) {
      throw new InvalidSpecException(
          "spec.signals.custom",
          "leakgate run reads the target's /metrics without PromQL, so it can't run custom"
              + " PromQL signals; use presets here, or the operator, or leakgate record + judge");
    }
    List<Preset.Signal> signals = SpecSettings.signals(spec);
    boolean auto = spec.signals().presets().contains(Preset.AUTO);
    Duration scrape = SpecFields.positiveDuration(spec.scrapeInterval(), "spec.scrapeInterval");
    GateSettings settings = SpecSettings.settings(spec);
    // With auto, a heap signal is kept only if the target exports it: not known before the gate.
    boolean heap = !auto && signals.stream().anyMatch(s -> s.kind().isHeap());
    Duration shortest = VerdictEngine.shortestBaseline(scrape, settings.recovery().timeout(), heap);
    if (settings.baselineWindow().compareTo(shortest) < 0) {
      // Refused now rather than ending InsufficientBaseline after the whole window.
      throw new InvalidSpecException(
          "spec.baseline.window",
          String.format(
              "must hold at least 5 scrapes of spec.scrapeInterval (%s) after its last tenth%s,"
                  + " whenever they fall: at least %s",
              spec.scrapeInterval(),
              heap ? " and, for a heap signal, after its first trough window" : "",
              Numbers.duration(shortest.toSeconds())));
    }
    Optional<Duration> shortestRecovery = VerdictEngine.shortestRecovery(scrape);
    if (shortestRecovery.isEmpty()) {
      throw new InvalidSpecException(
          "spec.scrapeInterval",
          "at most 35s: the recovery is judged on windows of at most 2m30s, which must hold 4"
              + " scrapes");
    }
    if (settings.recovery().timeout().compareTo(shortestRecovery.get()) < 0) {
      throw new InvalidSpecException(
          "spec.recovery.timeout",
          String.format(
              "must be at least %s at spec.scrapeInterval %s: the last quarter of it is the"
                  + " window judged at the timeout, which must hold 4 scrapes whenever they fall",
              Numbers.duration(shortestRecovery.get().toSeconds()), spec.scrapeInterval()));
    }
    return new LocalGatePlan(
        document.name(),
        pod,
        origin,
        threads,
        signals,
        auto,
        scrape,
        settings,
        load,
        SpecSettings.blocksWhenInconclusive(spec));
  }

  /** The target's metricsUrl, scraped by LeakGate, or a Prometheus that scrapes it. */
  private static SignalOrigin origin(SpecReader.Document document) throws InvalidSpecException {
    LeakGateSpec spec = document.spec();
    PrometheusSpec prometheus = spec.prometheus();
    if (prometheus == null || prometheus.url() == null) {
      return new SignalOrigin.Scrape(
          url(spec.target().metricsUrl(), "spec.target.metricsUrl", true).orElseThrow());
    }
    if (spec.target().metricsUrl() != null) {
      throw new InvalidSpecException(
          "spec.target.metricsUrl",
          "give spec.target.metricsUrl (LeakGate scrapes it) or spec.prometheus.url (Prometheus"
              + " does), not both");
    }
    if (spec.target().name() == null || spec.target().name().isBlank()) {
      throw new InvalidSpecException(
          "spec.target.name",
          "is required with spec.prometheus.url: the target's pod label in Prometheus");
    }
    if (prometheus.bearerTokenSecretRef() != null
        || prometheus.basicAuthSecretRef() != null
        || prometheus.caSecretRef() != null) {
      throw new InvalidSpecException(
          "spec.prometheus",
          "Secret references are for the operator; leakgate run reads Prometheus without"
              + " credentials (use leakgate record for a Prometheus that needs them)");
    }
    return new SignalOrigin.Prometheus(
        SpecFields.httpUrl(prometheus.url(), "spec.prometheus.url"),
        document.namespace(),
        Boolean.TRUE.equals(prometheus.insecureSkipTlsVerify()));
  }

  private static Optional<URI> url(String text, String field, boolean required)
      throws InvalidSpecException {
    if (text == null || text.isBlank()) {
      if (required) {
        throw new InvalidSpecException(
            field, "is required for leakgate run: the target's Prometheus /metrics URL");
      }
      return Optional.empty();
    }
    return Optional.of(SpecFields.httpUrl(text, field));
  }
}
