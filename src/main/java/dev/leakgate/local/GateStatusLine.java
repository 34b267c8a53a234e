package dev.leakgate.local;

import dev.leakgate.analysis.Numbers;
import dev.leakgate.analysis.PodVerdict;
import dev.leakgate.analysis.Reason;
import dev.leakgate.analysis.SignalResult;
import dev.leakgate.analysis.SignalVerdict;
import java.util.List;

/**
 * A live gate's signals on one line: each one's last sample, then its judged level against the
 * band, or why it cannot be judged. The level is a median over the recent window and lags a falling
 * signal by minutes, so the last sample is shown beside it: a line that said only "47" while the
 * process was back at 4 sent people looking for a leak that was not there.
 */
final class GateStatusLine {
  private GateStatusLine() {}

  static String bands(List<SignalVerdict> signals) {
    StringBuilder b = new StringBuilder();
    for (SignalVerdict signal : signals) {
      for (PodVerdict pod : signal.pods()) {
        if (b.length() > 0) {
          b.append("  ");
        }
        b.append(signal.name())
            .append(" now ")
            .append(Double.isNaN(pod.last()) ? "-" : Numbers.of(signal.kind(), pod.last()));
        if (pod.result() == SignalResult.INCONCLUSIVE && pod.reason() != Reason.NOT_EVALUATED) {
          b.append(", cannot be judged: ")
              .append(pod.reason().code())
              .append(" (")
              .append(pod.message())
              .append(')');
          continue;
        }
        if (Double.isNaN(pod.level()) || Double.isNaN(pod.allowed())) {
          b.append(", not judged yet");
          continue;
        }
        b.append(", level ")
            .append(Numbers.of(signal.kind(), pod.level()))
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
