package dev.leakgate.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

/** What the gate watches: a workload in a cluster, or for {@code leakgate run} a local URL. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TargetSpec(
    @Pattern("^(Deployment|StatefulSet)$")
        @Default(TargetSpec.DEFAULT_KIND)
        @JsonPropertyDescription("Deployment or StatefulSet (operator). Default Deployment.")
        String kind,
    @io.fabric8.generator.annotation.Required
        @JsonPropertyDescription(
            "The workload's name (operator); for leakgate run, the pod name shown in output"
                + " (default local).")
        String name,
    @JsonPropertyDescription("The container to watch, when the pod has several.") String container,
    @JsonPropertyDescription(
            "leakgate run only: the target's Prometheus /metrics URL, scraped by LeakGate itself.")
        String metricsUrl,
    @JsonPropertyDescription(
            "leakgate run only: a URL answering a thread dump or goroutine profile, fetched when"
                + " the gate fails.")
        String threadDumpUrl) {
  public static final String DEPLOYMENT = "Deployment";
  public static final String STATEFUL_SET = "StatefulSet";
  public static final String DEFAULT_KIND = DEPLOYMENT;

  public TargetSpec {
    kind = kind == null ? DEFAULT_KIND : kind;
  }
}
