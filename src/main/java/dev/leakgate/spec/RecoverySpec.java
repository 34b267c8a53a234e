package dev.leakgate.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.leakgate.recording.Durations;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** How the gate watches after the load. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RecoverySpec(
    @Pattern(Durations.PATTERN)
        @JsonPropertyDescription(
            "Wait after the load before judging. Default per signal kind: min(2m, timeout/5) for"
                + " counts, min(5m, timeout/2) for heap and memory.")
        String grace,
    @Pattern(Durations.PATTERN)
        @Default(RecoverySpec.DEFAULT_TIMEOUT)
        @JsonPropertyDescription(
            "How long after the load signals may take to come back. Default 10m.")
        String timeout,
    @Pattern(Durations.PATTERN)
        @JsonPropertyDescription(
            "Time between evaluations. Default max(scrape interval, min(30s, timeout/20)).")
        String interval,
    @Min(1)
        @Default("3")
        @JsonPropertyDescription(
            "Evaluations in a row a signal must be in band to count as recovered. Default 3.")
        Integer settle) {
  public static final String DEFAULT_TIMEOUT = "10m";
  public static final int DEFAULT_SETTLE = 3;

  public RecoverySpec {
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    settle = settle == null ? DEFAULT_SETTLE : settle;
  }
}
