package dev.leakgate.operator;

import dev.leakgate.load.LoadPlan;
import dev.leakgate.prometheus.Preset;
import dev.leakgate.spec.InvalidSpecException;
import dev.leakgate.spec.LeakGateSpec;
import dev.leakgate.spec.LoadPlans;
import dev.leakgate.spec.SpecFields;
import dev.leakgate.spec.SpecSettings;
import java.util.Optional;

/**
 * Checks a gate's spec for the operator. The CRD schema catches most mistakes at {@code kubectl
 * apply}; this catches the rest (and everything, where the schema was not installed), naming the
 * field, so the gate ends in Error with a message instead of misbehaving.
 */
public final class GatePlans {
  private GatePlans() {}

  public static GatePlan from(LeakGateSpec spec) throws InvalidSpecException {
    if (spec == null) {
      throw new InvalidSpecException("spec", "is required");
    }
    if (spec.target() == null || spec.target().name() == null || spec.target().name().isBlank()) {
      throw new InvalidSpecException("spec.target.name", "is required: the workload to gate");
    }
    String kind = spec.target().kind();
    if (!kind.equals("Deployment") && !kind.equals("StatefulSet")) {
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
    if (spec.load().jobTemplate() != null && !spec.load().jobTemplate().isObject()) {
      throw new InvalidSpecException(
          "spec.load.jobTemplate", "must be a batch/v1 JobSpec (a mapping)");
    }
    return new GatePlan(
        kind,
        spec.target().name(),
        SpecSettings.signals(spec),
        spec.signals().presets().contains(Preset.AUTO),
        SpecSettings.settings(spec),
        SpecFields.positiveDuration(spec.startTimeout(), "spec.startTimeout"),
        SpecSettings.blocksWhenInconclusive(spec),
        http,
        Optional.ofNullable(spec.load().jobTemplate()));
  }
}
