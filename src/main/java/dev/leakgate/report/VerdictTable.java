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
  private static final String[] HEADER = {
    "SIGNAL", "POD", "RESULT", "BASELINE", "ALLOWED", "PEAK", "LEVEL", "SLOPE/h", "REASON"
  };

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
    int[] widths = new int[HEADER.length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder("  ");
      for (int i = 0; i < row.length; i++) {
        line.append(i == row.length - 1 ? row[i] : pad(row[i], widths[i] + 2));
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
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

  private static String slope(SignalKind kind, double perHour) {
    if (Double.isNaN(perHour)) {
      return "n/a";
    }
    return (perHour >= 0 ? "+" : "-") + Numbers.of(kind, Math.abs(perHour));
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }
}
