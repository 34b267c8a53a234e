package dev.leakgate.pipeline;

import dev.leakgate.analysis.Numbers;
import dev.leakgate.analysis.SignalKind;
import dev.leakgate.gate.GateClock;
import dev.leakgate.operator.model.LeakGateStatus;
import dev.leakgate.report.TextTable;
import dev.leakgate.report.VerdictTable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A gate's status in words: the progress line a waiting pipeline prints, and the verdict table with
 * the same columns {@code judge} and {@code run} print.
 */
public final class StatusReport {
  private StatusReport() {}

  /**
   * One line: the phase, how long the gate has been in it, and where each signal stands on each pod
   * ({@code Recovering 0:14 | jvm-threads checkout-a Recovered 42 (allowed 47)}).
   */
  public static String progress(LeakGateStatus status, Instant now) {
    if (status == null || status.phase == null) {
      return "not taken on by an operator yet";
    }
    StringBuilder line = new StringBuilder(status.phase.name());
    if (status.phaseStartedAt != null) {
      Duration in = Duration.between(Instant.parse(status.phaseStartedAt), now);
      line.append(' ').append(GateClock.clock(in.isNegative() ? Duration.ZERO : in));
    }
    if (status.signals.isEmpty()) {
      if (status.message != null) {
        line.append(": ").append(status.message);
      }
      return line.toString();
    }
    for (LeakGateStatus.SignalStatus s : status.signals) {
      SignalKind kind = kind(s);
      line.append(" | ")
          .append(s.name())
          .append(' ')
          .append(s.pod())
          .append(' ')
          .append(s.result())
          .append(' ')
          .append(number(kind, s.last()))
          .append(" (allowed ")
          .append(number(kind, s.allowed()))
          .append(')');
    }
    return line.toString();
  }

  /** The verdict: phase and reason, the message, a row per signal and pod. */
  public static String table(String gate, LeakGateStatus status) {
    StringBuilder out = new StringBuilder(gate).append('\n');
    out.append(
        String.format(
            Locale.ROOT,
            "  %s (%s)%s%n",
            status.phase,
            status.reason == null ? "no reason" : status.reason,
            decidedAfter(status)));
    if (status.message != null) {
      out.append("  ").append(status.message).append('\n');
    }
    if (!status.signals.isEmpty()) {
      List<String[]> rows = new ArrayList<>();
      rows.add(VerdictTable.COLUMNS.toArray(String[]::new));
      for (LeakGateStatus.SignalStatus s : status.signals) {
        SignalKind kind = kind(s);
        rows.add(
            new String[] {
              s.name() + (Boolean.FALSE.equals(s.gating()) ? " (warn)" : ""),
              s.pod(),
              s.result(),
              number(kind, s.baseline()),
              number(kind, s.allowed()),
              number(kind, s.peak()),
              number(kind, s.level()),
              s.slopePerHour() == null ? "n/a" : VerdictTable.slope(kind, s.slopePerHour()),
              s.reason() == null ? "" : s.reason()
            });
      }
      out.append('\n').append(TextTable.render(rows));
    }
    return out.toString();
  }

  private static String decidedAfter(LeakGateStatus status) {
    if (status.loadFinishedAt == null || status.finishedAt == null) {
      return "";
    }
    Duration after =
        Duration.between(Instant.parse(status.loadFinishedAt), Instant.parse(status.finishedAt));
    return after.isNegative() ? "" : ", decided " + GateClock.span(after) + " after the load end";
  }

  private static SignalKind kind(LeakGateStatus.SignalStatus s) {
    return SignalKind.fromId(s.kind() == null ? "" : s.kind()).orElse(SignalKind.COUNT);
  }

  private static String number(SignalKind kind, Double value) {
    return value == null ? "n/a" : Numbers.of(kind, value);
  }
}
