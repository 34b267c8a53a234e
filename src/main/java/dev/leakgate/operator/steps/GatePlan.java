package dev.leakgate.operator.steps;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leakgate.analysis.GateSettings;
import dev.leakgate.load.LoadPlan;
import dev.leakgate.prometheus.CustomSignal;
import dev.leakgate.prometheus.Preset;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A gate's spec, checked and typed: what the phase steps act on. Exactly one of {@code httpLoad}
 * and {@code jobTemplate} is present.
 *
 * @param auto keep only the signals that have series for the target's pods
 */
public record GatePlan(
    String targetKind,
    String targetName,
    List<Preset.Signal> signals,
    boolean auto,
    List<CustomSignal> custom,
    GateSettings settings,
    Duration startTimeout,
    boolean blockInconclusive,
    Optional<LoadPlan> httpLoad,
    Optional<ObjectNode> jobTemplate) {
  public GatePlan {
    signals = List.copyOf(signals);
    custom = List.copyOf(custom);
  }
}
