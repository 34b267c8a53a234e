package dev.leakgate.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.leakgate.recording.Durations;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

/**
 * The built-in HTTP load: the options of {@code leakgate load}. Exactly one of {@code rate} and
 * {@code concurrency}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.rate) != has(self.concurrency)",
    message = "give exactly one of rate (open model) and concurrency (closed model)")
public record HttpLoadSpec(
    @Required
        @Pattern("^https?://.+")
        @JsonPropertyDescription("URL to send requests to (http or https).")
        String url,
    @Pattern("^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)$")
        @Default(HttpLoadSpec.DEFAULT_METHOD)
        @JsonPropertyDescription("HTTP method. Default GET.")
        String method,
    @JsonPropertyDescription("Request headers, name to value.") Map<String, String> headers,
    @JsonPropertyDescription("Request body, sent as is.") String body,
    @Min(value = 0, inclusive = false)
        @JsonPropertyDescription(
            "Open model: requests per second, on a fixed schedule whatever the target does."
                + " Arrivals that find maxInFlight requests outstanding are dropped and counted.")
        Double rate,
    @Min(1)
        @JsonPropertyDescription(
            "Closed model: this many workers, each sending its next request when the last one"
                + " ended.")
        Integer concurrency,
    @Required
        @Pattern(Durations.PATTERN)
        @JsonPropertyDescription("How long the load runs, e.g. 5m.")
        String duration,
    @Min(1)
        @JsonPropertyDescription("Open model: the most requests outstanding at once. Default 1000.")
        Integer maxInFlight,
    @Pattern(Durations.PATTERN)
        @Default(HttpLoadSpec.DEFAULT_TIMEOUT)
        @JsonPropertyDescription("Per-request timeout. Default 10s.")
        String timeout,
    @Pattern(Durations.PATTERN)
        @Default(HttpLoadSpec.DEFAULT_RAMP_UP)
        @JsonPropertyDescription(
            "Time over which the rate (or the number of workers) climbs to its target. Default 0s.")
        String rampUp) {

  public static final String DEFAULT_METHOD = "GET";
  public static final int DEFAULT_MAX_IN_FLIGHT = 1000;
  public static final String DEFAULT_TIMEOUT = "10s";
  public static final String DEFAULT_RAMP_UP = "0s";

  public HttpLoadSpec {
    method = method == null ? DEFAULT_METHOD : method;
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    if (maxInFlight == null && rate != null) {
      maxInFlight = DEFAULT_MAX_IN_FLIGHT;
    }
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    rampUp = rampUp == null ? DEFAULT_RAMP_UP : rampUp;
  }
}
