package dev.leakgate.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** How the gate watches after the load. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RecoverySpec(
    @JsonPropertyDescription(
            "Wait after the load before judging. Default per signal kind: min(2m, timeout/5) for"
                + " counts, min(5m, timeout/2) for heap and memory.")
        String grace,
    @JsonPropertyDescription("How long after the load signals may take to come back. Default 10m.")
        String timeout,
    @JsonPropertyDescription(
            "Time between evaluations. Default max(scrape interval, min(30s, timeout/20)).")
        String interval,
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
