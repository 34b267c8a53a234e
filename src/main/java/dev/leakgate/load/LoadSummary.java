package dev.leakgate.load;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * What a load delivered. Written as JSON by {@code leakgate load --output json} and to the load
 * Job's termination message, where the operator reads it back, so it stays small (well under the 4
 * KiB a termination message holds).
 *
 * @param requests requests sent (dropped arrivals are not sent)
 * @param errors failed requests by {@link ErrorKind} id, only kinds that occurred
 * @param dropped open model: arrivals that found the in-flight cap full
 * @param achievedRate requests sent per second after the ramp-up
 * @param latencyMs over every answered request, from the moment it was due (open model) or sent
 *     (closed model)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LoadSummary(
    String url,
    String model,
    Double requestedRate,
    Integer concurrency,
    double durationSeconds,
    long requests,
    long successes,
    Map<String, Long> errors,
    long dropped,
    double achievedRate,
    Latency latencyMs) {

  /** Latency percentiles in milliseconds; all 0 when nothing was answered. */
  public record Latency(double p50, double p90, double p99, double max, double mean) {}

  /** The load reached the target: at least one request succeeded. */
  public boolean delivered() {
    return successes > 0;
  }

  public long errorCount() {
    return errors.values().stream().mapToLong(Long::longValue).sum();
  }
}
