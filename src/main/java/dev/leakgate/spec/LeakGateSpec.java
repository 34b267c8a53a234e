package dev.leakgate.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * The spec of a {@code LeakGate}: the same document for the operator and for {@code leakgate run}.
 * Defaults are applied here, in one place.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LeakGateSpec(
    @JsonPropertyDescription("What the gate watches.") TargetSpec target,
    @JsonPropertyDescription("Where the signals come from; leakgate run scrapes the target itself.")
        PrometheusSpec prometheus,
    @JsonPropertyDescription("Which signals to watch.") SignalsSpec signals,
    @JsonPropertyDescription("The pre-load measurement.") BaselineSpec baseline,
    @JsonPropertyDescription("The load.") LoadSpec load,
    @JsonPropertyDescription("How the gate watches after the load.") RecoverySpec recovery,
    @JsonPropertyDescription(
            "leakgate run: how often to scrape the target's metricsUrl. Default 5s.")
        String scrapeInterval,
    @JsonPropertyDescription(
            "What an Inconclusive verdict means for promotion: Block (default) or Allow.")
        String inconclusive) {

  public static final String DEFAULT_SCRAPE_INTERVAL = "5s";
  public static final String DEFAULT_INCONCLUSIVE = "Block";

  public LeakGateSpec {
    signals = signals == null ? new SignalsSpec(null) : signals;
    baseline = baseline == null ? new BaselineSpec(null) : baseline;
    recovery = recovery == null ? new RecoverySpec(null, null, null, null) : recovery;
    scrapeInterval = scrapeInterval == null ? DEFAULT_SCRAPE_INTERVAL : scrapeInterval;
    inconclusive = inconclusive == null ? DEFAULT_INCONCLUSIVE : inconclusive;
  }

  /** Where signals come from when not scraped by LeakGate itself. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record PrometheusSpec(
      @JsonPropertyDescription("Prometheus (or compatible) base URL.") String url) {}
}
