package dev.leakgate.analysis;

import java.util.Comparator;
import java.util.List;

/** One signal's outcome over all its pods: the worst pod's result. */
public record SignalVerdict(
    String name, SignalKind kind, boolean gating, SignalResult result, List<PodVerdict> pods) {
  public SignalVerdict {
    pods = List.copyOf(pods);
  }

  static SignalResult worstOf(List<PodVerdict> pods) {
    return pods.stream()
        .map(PodVerdict::result)
        .max(Comparator.comparingInt(SignalResult::severity))
        .orElse(SignalResult.INCONCLUSIVE);
  }
}
