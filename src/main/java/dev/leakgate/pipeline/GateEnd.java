package dev.leakgate.pipeline;

import dev.leakgate.operator.model.LeakGateStatus;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.Optional;

/**
 * How waiting on a gate ends, and the exit code a pipeline branches on: 0 passed (or inconclusive
 * that the gate allows), 1 failed, 2 inconclusive, 3 an error (the gate's, or the wait's: not
 * found, deleted, no access), 4 the wait timed out while the gate goes on.
 */
public enum GateEnd {
  PASSED(0),
  FAILED(1),
  INCONCLUSIVE(2),
  ERROR(3),
  TIMED_OUT(4);

  private final int exitCode;

  GateEnd(int exitCode) {
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }

  /** How a gate in this status ended; empty while it runs. */
  public static Optional<GateEnd> of(LeakGateStatus status) {
    if (status == null || status.phase == null || !status.phase.isFinal()) {
      return Optional.empty();
    }
    // The Passed condition carries the gate's own rule for an inconclusive verdict (Allow).
    boolean passed =
        status.conditions.stream()
            .filter(c -> "Passed".equals(c.getType()))
            .map(Condition::getStatus)
            .anyMatch("True"::equals);
    if (passed) {
      return Optional.of(PASSED);
    }
    return Optional.of(
        switch (status.phase) {
          case Passed -> PASSED;
          case Failed -> FAILED;
          case Inconclusive -> INCONCLUSIVE;
          case Error -> ERROR;
          // Not final, so not reached: the check above returned.
          case Pending, Baseline, Loading, Recovering -> ERROR;
        });
  }
}
