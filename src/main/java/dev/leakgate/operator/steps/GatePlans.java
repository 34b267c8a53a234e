package dev.leakgate.operator.steps;

import dev.leakgate.analysis.SignalKind;
import dev.leakgate.load.LoadPlan;
import dev.leakgate.prometheus.CustomSignal;
import dev.leakgate.prometheus.Preset;
import dev.leakgate.spec.CustomSignalSpec;
import dev.leakgate.spec.InvalidSpecException;
import dev.leakgate.spec.LeakGateSpec;
import dev.leakgate.spec.LoadPlans;
import dev.leakgate.spec.SpecFields;
import dev.leakgate.spec.SpecSettings;
import dev.leakgate.spec.TargetSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a gate's spec for the operator. The CRD schema catches most mistakes at {@code kubectl
 * apply}; this catches the rest (and everything, where the schema was not installed), naming the
 * field, so the gate ends in Error with a message instead of misbehaving.
 */
public final class GatePlans {
  private GatePlans() {}

  private static List<CustomSignal> custom(
      List<CustomSignalSpec> specs, List<Preset.Signal> presets) throws InvalidSpecException {
    List<CustomSignal> custom = new ArrayList<>();
    Set<String> names = new HashSet<>();
    presets.forEach(p -> names.add(p.name()));
    for (int i = 0; i < specs.size(); i++) {
      CustomSignalSpec s = specs.get(i);
      String at = "spec.signals.custom[" + i + "]";
      if (s.name() == null || s.name().isBlank()) {
        throw new InvalidSpecException(at + ".name", "is required");
      }
      if (!names.add(s.name())) {
        throw new InvalidSpecException(
            at + ".name", "'" + s.name() + "' is already a signal of this gate");
      }
      if (s.query() == null || s.query().isBlank()) {
        throw new InvalidSpecException(
            at + ".query", "is required: PromQL with one series per pod");
      }
      SignalKind kind =
          CustomSignal.judgedKind(s.kind())
              .orElseThrow(
                  () ->
                      new InvalidSpecException(
                          at + ".kind", "'" + s.kind() + "' is not one of " + CustomSignal.KINDS));
      CustomSignal signal =
          new CustomSignal(
              s.name(),
              s.query(),
              kind,
              s.gating() == null ? kind.gatingByDefault() : s.gating(),
              s.tolerance() == null ? null : s.tolerance().relative(),
              s.tolerance() == null ? null : s.tolerance().absolute());
      if (signal.lacksRequiredBand()) {
        throw new InvalidSpecException(
            at + ".tolerance", "a count signal needs a tolerance (relative and/or absolute)");
      }
      custom.add(signal);
    }
    return custom;
  }

  public static GatePlan from(LeakGateSpec spec) throws InvalidSpecException {
    if (spec == null) {
      throw new InvalidSpecException("spec", "is required");
    }
    if (spec.target() == null || spec.target().name() == null || spec.target().name().isBlank()) {
      throw new InvalidSpecException("spec.target.name", "is required: the workload to gate");
    }
    String kind = spec.target().kind();
    if (!kind.equals(TargetSpec.DEPLOYMENT) && !kind.equals(TargetSpec.STATEFUL_SET)) {
      throw new InvalidSpecException(
          "spec.target.kind", "must be Deployment or StatefulSet, got '" + kind + "'");
    }
    if (spec.load() == null
        || (spec.load().http() == null) == (spec.load().jobTemplate() == null)) {
      throw new InvalidSpecException(
          "spec.load", "give exactly one of spec.load.http and spec.load.jobTemplate");
    }
    Optional<LoadPlan> http =
        spec.load().http() == null
            ? Optional.empty()
            : Optional.of(LoadPlans.from(spec.load().http(), f -> "spec.load.http." + f));
    List<Preset.Signal> presets = SpecSettings.signals(spec);
    String container = spec.target().container();
    if (container != null && !container.isBlank()) {
      presets = presets.stream().map(s -> s.forContainer(container)).toList();
    }
    return new GatePlan(
        kind,
        spec.target().name(),
        presets,
        spec.signals().presets().contains(Preset.AUTO),
        custom(spec.signals().custom(), presets),
        SpecSettings.settings(spec),
        SpecFields.positiveDuration(spec.startTimeout(), "spec.startTimeout"),
        SpecSettings.blocksWhenInconclusive(spec),
        http,
        Optional.ofNullable(spec.load().jobTemplate()));
  }
}
