package dev.leakgate.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.leakgate.recording.Durations;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * The spec of a {@code LeakGate}: the same document for the operator and for {@code leakgate run}.
 * Defaults live here, in one place: the compact constructors apply them to what Jackson reads, and
 * the same constants are the CRD schema's {@code default}s (a test keeps the two equal).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self == oldSelf",
    message = "spec is immutable: a gate is one-shot, create a new LeakGate for a new release")
public record LeakGateSpec(
    @Required @JsonPropertyDescription("What the gate watches.") TargetSpec target,
    @JsonPropertyDescription(
            "Where the signals come from. Operator: defaults to the operator's configured"
                + " Prometheus. leakgate run: leave out to scrape target.metricsUrl directly.")
        PrometheusSpec prometheus,
    @JsonPropertyDescription("Which signals to watch.") SignalsSpec signals,
    @JsonPropertyDescription("The pre-load measurement.") BaselineSpec baseline,
    @Required
        @JsonPropertyDescription(
            "The load: exactly one of http (the built-in generator) and jobTemplate (your own"
                + " tool).")
        LoadSpec load,
    @JsonPropertyDescription("How the gate watches after the load.") RecoverySpec recovery,
    @Pattern(Durations.PATTERN)
        @Default(DEFAULT_START_TIMEOUT)
        @JsonPropertyDescription(
            "Operator: how long to wait for the target's pods to be ready before the gate ends"
                + " in Error. Default 5m.")
        String startTimeout,
    @Pattern(Durations.PATTERN)
        @Default(DEFAULT_SCRAPE_INTERVAL)
        @JsonPropertyDescription(
            "leakgate run only: how often to scrape the target's metricsUrl. Default 5s.")
        String scrapeInterval,
    @Pattern("^(Block|Allow)$")
        @Default(DEFAULT_INCONCLUSIVE)
        @JsonPropertyDescription(
            "What an Inconclusive verdict means for promotion: Block (default; condition Passed"
                + " stays False) or Allow (Passed becomes True with reason InconclusiveAllowed).")
        String inconclusive) {

  public static final String DEFAULT_START_TIMEOUT = "5m";
  public static final String DEFAULT_SCRAPE_INTERVAL = "5s";
  public static final String DEFAULT_INCONCLUSIVE = "Block";

  public LeakGateSpec {
    signals = signals == null ? new SignalsSpec(null, null) : signals;
    baseline = baseline == null ? new BaselineSpec(null) : baseline;
    recovery = recovery == null ? new RecoverySpec(null, null, null, null) : recovery;
    startTimeout = startTimeout == null ? DEFAULT_START_TIMEOUT : startTimeout;
    scrapeInterval = scrapeInterval == null ? DEFAULT_SCRAPE_INTERVAL : scrapeInterval;
    inconclusive = inconclusive == null ? DEFAULT_INCONCLUSIVE : inconclusive;
  }
}
