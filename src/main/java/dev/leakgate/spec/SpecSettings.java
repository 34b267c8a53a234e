package dev.leakgate.spec;

import dev.leakgate.analysis.GateSettings;
import dev.leakgate.analysis.Recovery;
import dev.leakgate.prometheus.Preset;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The parts of a spec the operator and {@code leakgate run} read alike: the engine's settings, the
 * signals and what Inconclusive means. Each error names the field at fault.
 */
public final class SpecSettings {
  private SpecSettings() {}

  public static GateSettings settings(LeakGateSpec spec) throws InvalidSpecException {
    Duration window = SpecFields.positiveDuration(spec.baseline().window(), "spec.baseline.window");
    Duration timeout =
        SpecFields.positiveDuration(spec.recovery().timeout(), "spec.recovery.timeout");
    Optional<Duration> grace = SpecFields.duration(spec.recovery().grace(), "spec.recovery.grace");
    Optional<Duration> interval =
        SpecFields.duration(spec.recovery().interval(), "spec.recovery.interval");
    if (interval.isPresent() && interval.get().isZero()) {
      throw new InvalidSpecException("spec.recovery.interval", "must be longer than 0");
    }
    if (grace.isPresent() && grace.get().compareTo(timeout) >= 0) {
      throw new InvalidSpecException(
          "spec.recovery.grace",
          "must be shorter than spec.recovery.timeout (" + spec.recovery().timeout() + ")");
    }
    if (spec.recovery().settle() < 1) {
      throw new InvalidSpecException("spec.recovery.settle", "must be at least 1");
    }
    return new GateSettings(
        window, new Recovery(grace, timeout, interval, spec.recovery().settle()));
  }

  public static List<Preset.Signal> signals(LeakGateSpec spec) throws InvalidSpecException {
    try {
      return Preset.resolve(spec.signals().presets());
    } catch (IllegalArgumentException e) {
      throw new InvalidSpecException("spec.signals.presets", e.getMessage());
    }
  }

  /**
   * The reason a gate gives for letting an Inconclusive verdict through under {@code inconclusive:
   * Allow}: the operator's Passed condition and {@code run}'s output say it alike.
   */
  public static final String INCONCLUSIVE_ALLOWED = "InconclusiveAllowed";

  /** True for Block, false for Allow. */
  public static boolean blocksWhenInconclusive(LeakGateSpec spec) throws InvalidSpecException {
    return switch (spec.inconclusive()) {
      case "Block" -> true;
      case "Allow" -> false;
      default ->
          throw new InvalidSpecException(
              "spec.inconclusive", "must be Block or Allow, got '" + spec.inconclusive() + "'");
    };
  }
}
