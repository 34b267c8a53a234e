package dev.leakgate.spec;

import dev.leakgate.load.Arrivals;
import dev.leakgate.load.LoadPlan;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns an {@link HttpLoadSpec} into a {@link LoadPlan}, with an error naming the field for
 * anything unusable. The command line and the spec go through this one check.
 */
public final class LoadPlans {
  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  /** How a field is named where the spec came from: "spec.load.http.rate" or "--rate". */
  public interface FieldNames {
    String of(String field);
  }

  private LoadPlans() {}

  public static LoadPlan from(HttpLoadSpec spec, FieldNames names) throws InvalidSpecException {
    if (spec.url() == null || spec.url().isBlank()) {
      throw new InvalidSpecException(names.of("url"), "is required");
    }
    URI url = SpecFields.httpUrl(spec.url(), names.of("url"));
    String method = spec.method().toUpperCase(Locale.ROOT);
    if (!METHODS.contains(method)) {
      throw new InvalidSpecException(
          names.of("method"),
          "'" + spec.method() + "' is not one of " + String.join(", ", METHODS));
    }
    Arrivals arrivals = arrivals(spec, names);
    Duration duration = SpecFields.positiveDuration(spec.duration(), names.of("duration"));
    Duration timeout = SpecFields.positiveDuration(spec.timeout(), names.of("timeout"));
    Duration rampUp = SpecFields.duration(spec.rampUp(), names.of("rampUp")).orElseThrow();
    if (rampUp.compareTo(duration) > 0) {
      throw new InvalidSpecException(
          names.of("rampUp"), "must not be longer than the duration (" + spec.duration() + ")");
    }
    List<LoadPlan.Header> headers =
        spec.headers().entrySet().stream()
            .map(e -> new LoadPlan.Header(e.getKey(), e.getValue()))
            .toList();
    for (LoadPlan.Header header : headers) {
      if (!header.name().matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
        throw new InvalidSpecException(
            names.of("headers"), "'" + header.name() + "' is not a valid header name");
      }
    }
    byte[] body = spec.body() == null ? new byte[0] : spec.body().getBytes(StandardCharsets.UTF_8);
    return new LoadPlan(url, method, headers, body, arrivals, duration, timeout, rampUp);
  }

  private static Arrivals arrivals(HttpLoadSpec spec, FieldNames names)
      throws InvalidSpecException {
    if ((spec.rate() == null) == (spec.concurrency() == null)) {
      throw new InvalidSpecException(
          names.of("rate"),
          "give exactly one of "
              + names.of("rate")
              + " (open model) and "
              + names.of("concurrency")
              + " (closed model)");
    }
    if (spec.rate() != null) {
      if (!(spec.rate() > 0) || spec.rate().isInfinite()) {
        throw new InvalidSpecException(
            names.of("rate"), "must be a positive number of requests per second");
      }
      if (spec.maxInFlight() < 1) {
        throw new InvalidSpecException(names.of("maxInFlight"), "must be at least 1");
      }
      return new Arrivals.Rate(spec.rate(), spec.maxInFlight());
    }
    if (spec.concurrency() < 1) {
      throw new InvalidSpecException(names.of("concurrency"), "must be at least 1");
    }
    return new Arrivals.Concurrency(spec.concurrency());
  }
}
