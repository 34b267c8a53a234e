package dev.leakgate.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.leakgate.prometheus.CustomSignal;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** A signal of the user's own: PromQL with one series per pod, judged like a preset signal. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.kind != 'count' || has(self.tolerance)",
    message = "a count signal needs a tolerance (relative and/or absolute)")
public record CustomSignalSpec(
    @Required
        @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
        @JsonPropertyDescription(
            "The signal's name in status and output, e.g. open-connections. Must not be a preset"
                + " signal's name.")
        String name,
    @Required
        @JsonPropertyDescription(
            "PromQL giving one series per pod, labelled pod. $namespace is replaced by the gate's"
                + " namespace and $pods by a regex matching exactly the judged pods, e.g."
                + " sum by (pod) (app_open_connections{namespace='$namespace', pod=~'$pods'}).")
        String query,
    @Required
        @Pattern("^(goroutines|threads|fds|handles|heap|memory|count)$")
        @JsonPropertyDescription(
            "Sets the default band and grace: goroutines, threads, fds, handles, heap, memory"
                + " (warns only, by default) or count (your own count; needs a tolerance).")
        String kind,
    @JsonPropertyDescription("The band above the baseline. Default: the kind's.")
        ToleranceSpec tolerance,
    @JsonPropertyDescription(
            "false: reported as a warning only, never fails the gate. Default: the kind's (memory"
                + " warns, the others gate).")
        Boolean gating) {

  /** How far above its baseline a signal may settle. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ToleranceSpec(
      @Pattern("^" + CustomSignal.PERCENT + "$")
          @JsonPropertyDescription("A percentage of the baseline, e.g. 10%.")
          String relative,
      @Pattern("^" + CustomSignal.AMOUNT + "$")
          @JsonPropertyDescription("An amount, a number or a Kubernetes quantity: 5, 64Mi.")
          String absolute) {}
}
