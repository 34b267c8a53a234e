package dev.leakgate.report;

import dev.leakgate.analysis.Numbers;
import dev.leakgate.load.LoadProgress;
import dev.leakgate.load.LoadSummary;
import java.util.Locale;
import java.util.stream.Collectors;

/** The load generator's progress line and summary, as people read them. */
public final class LoadReport {
  private LoadReport() {}

  public static String progressLine(LoadProgress p) {
    return String.format(
        Locale.ROOT,
        "load %.0fs/%.0fs  sent %d  rate %.1f/s  ok %d  errors %d  dropped %d  in flight %d"
            + "  p50 %s  p99 %s",
        p.elapsedSeconds(),
        p.totalSeconds(),
        p.requests(),
        p.rate(),
        p.successes(),
        p.errors(),
        p.dropped(),
        p.inFlight(),
        ms(p.p50Ms()),
        ms(p.p99Ms()));
  }

  public static String summary(LoadSummary s) {
    StringBuilder b = new StringBuilder();
    String target =
        s.requestedRate() != null
            ? String.format(Locale.ROOT, "requested %s/s", Numbers.plain(s.requestedRate()))
            : "concurrency " + s.concurrency();
    b.append(
        String.format(
            Locale.ROOT,
            "target     %s %s for %ss%n",
            s.url(),
            target,
            Numbers.plain(s.durationSeconds())));
    b.append(
        String.format(
            Locale.ROOT,
            "requests   %d (%s/s achieved)%n",
            s.requests(),
            Numbers.plain(s.achievedRate())));
    b.append(String.format(Locale.ROOT, "successes  %d%n", s.successes()));
    b.append(String.format(Locale.ROOT, "errors     %s%n", errors(s)));
    if (s.requestedRate() != null) {
      b.append(String.format(Locale.ROOT, "dropped    %d%n", s.dropped()));
    }
    LoadSummary.Latency l = s.latencyMs();
    b.append(
        String.format(
            Locale.ROOT,
            "latency    p50 %s  p90 %s  p99 %s  max %s%n",
            ms(l.p50()),
            ms(l.p90()),
            ms(l.p99()),
            ms(l.max())));
    return b.toString();
  }

  /** The summary on one line, for a gate's progress. */
  public static String oneLine(LoadSummary s) {
    return String.format(
        Locale.ROOT,
        "%d requests (%s/s), %d ok, errors %s, dropped %d, p99 %s",
        s.requests(),
        Numbers.plain(s.achievedRate()),
        s.successes(),
        errors(s),
        s.dropped(),
        ms(s.latencyMs().p99()));
  }

  /** "0", or "12 (timeout 10, http-5xx 2)". */
  public static String errors(LoadSummary s) {
    if (s.errors().isEmpty()) {
      return "0";
    }
    return s.errorCount()
        + " ("
        + s.errors().entrySet().stream()
            .map(e -> e.getKey() + " " + e.getValue())
            .collect(Collectors.joining(", "))
        + ")";
  }

  private static String ms(double millis) {
    if (Double.isNaN(millis)) {
      return "-";
    }
    return String.format(Locale.ROOT, millis < 10 ? "%.2fms" : "%.0fms", millis);
  }
}
