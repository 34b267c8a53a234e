package dev.leakgate.analysis;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * What a signal measures. The kind sets the default band, the default grace after the load, and
 * whether the signal can fail a gate by default (leak-detection.md, "Band" and "Grace").
 */
public enum SignalKind {
  GOROUTINES("goroutines", Role.JUDGED, 50, 0.10, true, Duration.ofMinutes(2)),
  THREADS("threads", Role.JUDGED, 5, 0.10, true, Duration.ofMinutes(2)),
  FDS("fds", Role.JUDGED, 10, 0.10, true, Duration.ofMinutes(2)),
  HANDLES("handles", Role.JUDGED, 10, 0.10, true, Duration.ofMinutes(2)),
  /** Raw or post-GC heap; the engine follows its GC troughs either way. */
  HEAP("heap", Role.JUDGED, 16 * 1024 * 1024, 0.10, true, Duration.ofMinutes(5)),
  /**
   * RSS or working set. Runtimes keep freed memory for minutes, so by default it only warns. The
   * absolute floor stands in for "5% of the limit", which a recording does not carry.
   */
  MEMORY("memory", Role.JUDGED, 64 * 1024 * 1024, 0.20, false, Duration.ofMinutes(5)),
  /** A user-defined count; it has no default tolerance, the user must give one. */
  COUNT("count", Role.JUDGED, 0, 0, true, Duration.ofMinutes(2)),
  /** {@code process_start_time_seconds}: a change means the process restarted. Not judged. */
  START_TIME("start-time", Role.EVIDENCE, 0, 0, false, Duration.ZERO),
  /** 1 while the container's last termination was an OOM kill. Not judged. */
  OOM_KILLED("oom-killed", Role.EVIDENCE, 0, 0, false, Duration.ZERO),
  /**
   * A container restart counter ({@code kube_pod_container_status_restarts_total}): a rise means a
   * container restarted, also one whose process exports no start time. Not judged.
   */
  RESTARTS("restarts", Role.EVIDENCE, 0, 0, false, Duration.ZERO);

  private enum Role {
    JUDGED,
    EVIDENCE
  }

  private final String id;
  private final Role role;
  private final double absoluteFloor;
  private final double relative;
  private final boolean gatingByDefault;
  private final Duration defaultGrace;

  SignalKind(
      String id,
      Role role,
      double absoluteFloor,
      double relative,
      boolean gatingByDefault,
      Duration defaultGrace) {
    this.id = id;
    this.role = role;
    this.absoluteFloor = absoluteFloor;
    this.relative = relative;
    this.gatingByDefault = gatingByDefault;
    this.defaultGrace = defaultGrace;
  }

  /** The name used in recordings, status and output. */
  public String id() {
    return id;
  }

  public boolean isEvidence() {
    return role == Role.EVIDENCE;
  }

  public boolean isHeap() {
    return this == HEAP;
  }

  public boolean gatingByDefault() {
    return gatingByDefault;
  }

  /** The default band: used where the signal's tolerance leaves a field out. */
  public Tolerance defaultTolerance() {
    return new Tolerance(relative, absoluteFloor);
  }

  /**
   * Grace before the first judgement after the load, for a gate that sets none. A production
   * default (2 or 5 minutes) that shrinks with short gates, so a 60 s test gate waits 12 s for a
   * count and 30 s for memory, and a 10 min gate waits the full default.
   */
  public Duration defaultGrace(Duration recoveryTimeout) {
    Duration scaled =
        this == HEAP || this == MEMORY
            ? recoveryTimeout.dividedBy(2)
            : recoveryTimeout.dividedBy(5);
    return scaled.compareTo(defaultGrace) < 0 ? scaled : defaultGrace;
  }

  public static Optional<SignalKind> fromId(String id) {
    return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst();
  }

  public static String allIds() {
    return String.join(", ", Arrays.stream(values()).map(SignalKind::id).toList());
  }
}
