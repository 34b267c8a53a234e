package dev.leakgate.analysis;

import java.util.List;

/**
 * The engine's answer.
 *
 * @param decidedAfterSeconds evaluation time minus load end: 0 for a decision from evidence during
 *     the load (an OOM kill, a restart, an unusable baseline)
 */
public record GateVerdict(
    Verdict verdict,
    Reason reason,
    String message,
    double decidedAfterSeconds,
    List<SignalVerdict> signals) {
  public GateVerdict {
    signals = List.copyOf(signals);
  }
}
