package dev.leakgate.report;

import dev.leakgate.analysis.GateVerdict;
import dev.leakgate.analysis.Numbers;
import dev.leakgate.analysis.PodVerdict;
import dev.leakgate.analysis.SignalKind;
import dev.leakgate.analysis.SignalVerdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The human-readable verdict: a headline, the deciding reason, and a row per signal and pod. */
public final class VerdictTable {
  /** The columns, in the order every verdict table shows them. */
  public static final List<String> COLUMNS =
      List.of(
          "SIGNAL", "POD", "RESULT", "BASELINE", "ALLOWED", "PEAK", "LEVEL", "SLOPE/h", "REASON");

  private static final String[] HEADER = COLUMNS.toArray(String[]::new);

  private VerdictTable() {}

  public static String render(String file, GateVerdict verdict) {
    StringBuilder out = new StringBuilder();
    out.append(file).append('\n');
    out.append(
        String.format(
            Locale.ROOT,
            "  %s (%s), decided %s after the load end%n",
            verdict.verdict().label(),
            verdict.reason().code(),
            Numbers.duration(verdict.decidedAfterSeconds())));
    out.append("  ").append(verdict.message()).append("\n\n");
    List<String[]> rows = new ArrayList<>();
    rows.add(HEADER);
    for (SignalVerdict signal : verdict.signals()) {
      for (PodVerdict pod : signal.pods()) {
        rows.add(row(signal, pod));
      }
    }
    out.append(TextTable.render(rows));
    return out.toString();
  }

  public static String invalid(String file, String field, String message) {
    return file + "\n  Invalid: " + field + ": " + message + "\n";
  }

  private static String[] row(SignalVerdict signal, PodVerdict pod) {
    SignalKind kind = signal.kind();
    String name = signal.name() + (signal.gating() ? "" : " (warn)");
    return new String[] {
      name,
      pod.pod(),
      pod.result().label(),
      Numbers.of(kind, pod.baseline()),
      Numbers.of(kind, pod.allowed()),
      Numbers.of(kind, pod.peak()),
      Numbers.of(kind, pod.level()),
      slope(kind, pod.slopePerHour()),
      pod.reason().code()
    };
  }

  /** A trend per hour with its sign, or n/a. */
  public static String slope(SignalKind kind, double perHour) {
    if (Double.isNaN(perHour)) {
      return "n/a";
    }
    return (perHour >= 0 ? "+" : "-") + Numbers.of(kind, Math.abs(perHour));
  }
}
