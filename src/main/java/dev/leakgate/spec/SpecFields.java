package dev.leakgate.spec;

import dev.leakgate.recording.Durations;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** Reads one spec field of a common kind, or says what is wrong with it under the field's name. */
public final class SpecFields {
  private SpecFields() {}

  /** An http or https URL with a host; {@code text} is already known to be there. */
  public static URI httpUrl(String text, String field) throws InvalidSpecException {
    URI url;
    try {
      url = new URI(text);
    } catch (URISyntaxException e) {
      throw new InvalidSpecException(field, "is not a URL: " + e.getMessage());
    }
    if (!Set.of("http", "https").contains(String.valueOf(url.getScheme()))
        || url.getHost() == null) {
      throw new InvalidSpecException(
          field, "must be an http:// or https:// URL with a host, got '" + text + "'");
    }
    return url;
  }

  /** A duration, or empty when the field is left out. */
  public static Optional<Duration> duration(String text, String field) throws InvalidSpecException {
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Durations.parse(text));
    } catch (IllegalArgumentException e) {
      throw new InvalidSpecException(field, e.getMessage());
    }
  }

  /** A duration that must be given (the model's default counts) and be longer than 0. */
  public static Duration positiveDuration(String text, String field) throws InvalidSpecException {
    Duration d =
        duration(text, field)
            .orElseThrow(() -> new InvalidSpecException(field, "is required, e.g. 5m"));
    if (d.isZero()) {
      throw new InvalidSpecException(field, "must be longer than 0");
    }
    return d;
  }
}
