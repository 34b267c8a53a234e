package dev.leakgate.gate;

import dev.leakgate.analysis.Numbers;
import java.time.Duration;

/**
 * How both hosts say where a gate is in time, in one set of units: spans as a person writes them
 * ({@code 5m}, {@code 1m30s}, {@code 12.4s}), and progress through a phase as a clock shows it
 * ({@code 0:12 of up to 2:00}). {@code run}'s progress lines, the operator's status messages and
 * every future waiter read the same.
 */
public final class GateClock {
  private GateClock() {}

  /** A span: {@code 5m}, {@code 1m30s}, {@code 12.4s}. */
  public static String span(Duration d) {
    return Numbers.duration(d.toMillis() / 1000.0);
  }

  /** A clock reading: {@code 0:05}, {@code 12:30}, {@code 1:02:03}. */
  public static String clock(Duration d) {
    long s = Math.max(0, d.toSeconds());
    return s >= 3600
        ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format("%d:%02d", s / 60, s % 60);
  }

  /** Where the baseline stands: {@code baseline 0:05/1:00}. */
  public static String baseline(Duration elapsed, Duration window) {
    return "baseline " + clock(elapsed) + "/" + clock(window);
  }

  /** Where the recovery stands: {@code recovering 0:12 of up to 2:00}. */
  public static String recovering(Duration elapsed, Duration timeout) {
    return "recovering " + clock(elapsed) + " of up to " + clock(timeout);
  }
}
