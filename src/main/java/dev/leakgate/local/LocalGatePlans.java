package dev.leakgate.local;

import dev.leakgate.analysis.GateSettings;
import dev.leakgate.load.LoadPlan;
import dev.leakgate.prometheus.Preset;
import dev.leakgate.spec.InvalidSpecException;
import dev.leakgate.spec.LeakGateSpec;
import dev.leakgate.spec.LoadPlans;
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
    if (spec.prometheus() != null && spec.prometheus().url() != null) {
      throw new InvalidSpecException(
          "spec.prometheus.url",
          "leakgate run does not query Prometheus yet; leave spec.prometheus out to scrape"
              + " spec.target.metricsUrl directly, or use leakgate record + judge");
    }
    URI metrics = url(spec.target().metricsUrl(), "spec.target.metricsUrl", true).orElseThrow();
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
    if (scrape.multipliedBy(5).compareTo(settings.baselineWindow()) > 0) {
      throw new InvalidSpecException(
          "spec.baseline.window",
          "must hold at least 5 scrapes of spec.scrapeInterval (" + spec.scrapeInterval() + ")");
    }
    SpecSettings.blocksWhenInconclusive(spec);
    return new LocalGatePlan(
        document.name(), pod, metrics, threads, signals, auto, scrape, settings, load);
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
