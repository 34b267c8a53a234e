package dev.leakgate.analysis;

import java.time.Duration;

/**
 * The gate's own windows. Every window the engine uses is derived from these (see {@link
 * Schedule}), so a 60 s test gate and a 10 min production gate run the same code.
 */
public record GateSettings(Duration baselineWindow, Recovery recovery) {
  public static final Duration DEFAULT_BASELINE_WINDOW = Duration.ofMinutes(5);

  public GateSettings {
    if (baselineWindow.isNegative() || baselineWindow.isZero()) {
      throw new IllegalArgumentException("baseline window must be positive");
    }
  }

  public static GateSettings defaults() {
    return new GateSettings(DEFAULT_BASELINE_WINDOW, Recovery.defaults());
  }
}
