package dev.leakgate.load;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * One load: what to send, how requests arrive, and for how long.
 *
 * @param timeout per request; a request still unanswered then counts as a timeout error
 * @param rampUp time over which the rate (or the number of workers) climbs to its target
 */
public record LoadPlan(
    URI url,
    String method,
    List<Header> headers,
    byte[] body,
    Arrivals arrivals,
    Duration duration,
    Duration timeout,
    Duration rampUp) {

  /** One request header. */
  public record Header(String name, String value) {}

  public LoadPlan {
    headers = List.copyOf(headers);
    body = body == null ? new byte[0] : body.clone();
    if (url.getScheme() == null
        || !(url.getScheme().equals("http") || url.getScheme().equals("https"))) {
      throw new IllegalArgumentException("url must be http:// or https://, got '" + url + "'");
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("duration must be positive");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive");
    }
    if (rampUp.isNegative() || rampUp.compareTo(duration) > 0) {
      throw new IllegalArgumentException("ramp-up must be between 0 and the duration");
    }
  }
}
