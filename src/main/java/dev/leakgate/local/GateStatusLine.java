package dev.leakgate.local;

import dev.leakgate.analysis.Numbers;
import dev.leakgate.analysis.PodVerdict;
import dev.leakgate.analysis.SignalVerdict;
import java.util.List;

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
          b.append(Double.isNaN(pod.last()) ? "-" : Numbers.of(signal.kind(), pod.last()));
          continue;
        }
        b.append(Numbers.of(signal.kind(), pod.level()))
            .append(pod.level() <= pod.allowed() ? " in band (allowed " : " ABOVE band (allowed ")
            .append(Numbers.of(signal.kind(), pod.allowed()))
            .append(", baseline ")
            .append(Numbers.of(signal.kind(), pod.baseline()))
            .append(')');
      }
    }
    return b.toString();
  }
}
