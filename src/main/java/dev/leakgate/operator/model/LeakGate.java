package dev.leakgate.operator.model;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.leakgate.spec.LeakGateSpec;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** One post-load leak check of one workload. Its spec is fixed at creation (a CEL rule). */
@Group("leakgate.dev")
@Version("v1alpha1")
@ShortNames("lg")
@AdditionalPrinterColumn(name = "Target", jsonPath = ".spec.target.name")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase")
@AdditionalPrinterColumn(name = "Reason", jsonPath = ".status.reason")
// The generator orders columns by JSON path, so Age reads status.startedAt (when the operator took
// the gate on, within a second of its creation) to come last: NAME TARGET PHASE REASON AGE. A gate
// no operator has seen yet shows no age.
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".status.startedAt",
    type = AdditionalPrinterColumn.Type.DATE)
public class LeakGate extends CustomResource<LeakGateSpec, LeakGateStatus> implements Namespaced {

  @Override
  @JsonPropertyDescription(
      "One post-load leak check of one workload: baseline, load, recovery, verdict. Fixed at"
          + " creation; a new release gets a new gate.")
  public LeakGateSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription(
      "Written by the operator: phase, evidence per signal and pod, verdict, and the conditions"
          + " Complete and Passed that pipelines wait on.")
  public LeakGateStatus getStatus() {
    return super.getStatus();
  }
}
