package dev.leakgate.local;

import dev.leakgate.analysis.PodVerdict;
import dev.leakgate.analysis.SignalVerdict;
import java.util.List;
import java.util.Locale;

/** A live gate's signals against their bands, on one line. */
final class GateStatusLine {
  private GateStatusLine() {}

  static String bands(List<SignalVerdict> signals) {
    StringBuilder b = new StringBuilder();
    for (SignalVerdict signal : signals) {
      for (PodVerdict pod : signal.pods()) {
        if (b.length() > 0) {
          b.append("  ");
        }
        b.append(signal.name()).append(' ');
        if (Double.isNaN(pod.level()) || Double.isNaN(pod.allowed())) {
          b.append(Double.isNaN(pod.last()) ? "-" : number(pod.last()));
          continue;
        }
        b.append(number(pod.level()))
            .append(pod.level() <= pod.allowed() ? " in band (allowed " : " ABOVE band (allowed ")
            .append(number(pod.allowed()))
            .append(", baseline ")
            .append(number(pod.baseline()))
            .append(')');
      }
    }
    return b.toString();
  }

  static String number(double v) {
    if (Math.abs(v) >= 1 << 20) {
      return String.format(Locale.ROOT, "%.1fMi", v / (1 << 20));
    }
    return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v);
  }
}
