package dev.leakgate.recording;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Instants as LeakGate accepts them everywhere: RFC 3339, or Unix seconds (with a fraction). */
public final class Times {
  private Times() {}

  public static Instant fromUnixSeconds(double seconds) {
    long whole = (long) Math.floor(seconds);
    return Instant.ofEpochSecond(whole, Math.round((seconds - whole) * 1e9));
  }

  /**
   * @throws IllegalArgumentException naming what is accepted
   */
  public static Instant parse(String text) {
    try {
      if (text.matches("[0-9]+(\\.[0-9]+)?")) {
        return fromUnixSeconds(Double.parseDouble(text));
      }
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is neither an RFC 3339 time nor Unix seconds");
    }
  }
}
