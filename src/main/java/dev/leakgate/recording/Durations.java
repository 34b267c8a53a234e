package dev.leakgate.recording;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as written in LeakGate specs and recordings: {@code 30s}, {@code 5m}, {@code 1h30m}.
 */
public final class Durations {
  /** The accepted syntax, also used as the CRD's pattern. */
  public static final String PATTERN = "^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$";

  private static final Pattern WHOLE = Pattern.compile(PATTERN);
  private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ms|s|m|h)");

  private Durations() {}

  /** The shortest exact text {@link #parse} reads back: {@code 300s}, or {@code 1500ms}. */
  public static String format(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }

  public static Duration parse(String text) {
    if (text == null || !WHOLE.matcher(text).matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration; write it like 30s, 5m, 1h or 1m30s");
    }
    Matcher m = PART.matcher(text);
    double nanos = 0;
    while (m.find()) {
      double amount = Double.parseDouble(m.group(1));
      nanos +=
          amount
              * switch (m.group(2)) {
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
              };
    }
    return Duration.ofNanos(Math.round(nanos));
  }
}
