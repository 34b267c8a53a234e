package dev.leakgate.operator.steps;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leakgate.operator.config.LeakGateConfig;
import dev.leakgate.spec.HttpLoadSpec;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a gate's load Job, {@code <gate>-load}: owned by the gate (deleting the gate deletes it),
 * run once ({@code backoffLimit: 0}), bounded by {@code activeDeadlineSeconds}, kept past the
 * recovery timeout so its result can still be read, and restricted like the operator itself.
 */
public final class LoadJobs {
  /** Where the load container writes its summary; the kubelet's default termination path. */
  public static final String TERMINATION_PATH = "/dev/termination-log";

  public static final String GATE_LABEL = "leakgate.dev/gate";

  /** The JVM options of an open-model load Job's container, see {@link #loadEnv}. */
  private static final String OPEN_MODEL_JVM_OPTIONS = "-XX:TieredStopAtLevel=1";

  private static final Duration TEMPLATE_DEADLINE = Duration.ofHours(1);

  private final LeakGateConfig.Load config;
  private final ObjectMapper mapper = new ObjectMapper();

  public LoadJobs(LeakGateConfig.Load config) {
    this.config = config;
  }

  /** A jobTemplate that can't be run as asked. */
  public static final class RefusedException extends Exception {
    public RefusedException(String message) {
      super(message);
    }
  }

  public static String name(Gate gate) {
    return gate.name() + "-load";
  }

  /** The ServiceAccount a built load Job's pods run as. */
  public static String serviceAccount(Job job) {
    return job.getSpec().getTemplate().getSpec().getServiceAccountName();
  }

  public Job build(Gate gate) throws RefusedException {
    JobSpec spec =
        gate.plan().httpLoad().isPresent() ? httpJob(gate) : templateJob(gate, gate.plan());
    spec.setBackoffLimit(0);
    if (gate.plan().httpLoad().isPresent()) {
      Duration load = gate.plan().httpLoad().get().duration();
      spec.setActiveDeadlineSeconds(load.plus(config.deadlineMargin()).toSeconds());
    } else if (spec.getActiveDeadlineSeconds() == null) {
      // The operator can't know how long the user's tool runs; an hour bounds a forgotten load.
      spec.setActiveDeadlineSeconds(TEMPLATE_DEADLINE.toSeconds());
    }
    spec.setTtlSecondsAfterFinished(
        (int) gate.plan().settings().recovery().timeout().plus(Duration.ofHours(1)).toSeconds());
    Map<String, String> labels =
        Map.of(
            "app.kubernetes.io/name",
            "leakgate-load",
            "app.kubernetes.io/managed-by",
            "leakgate",
            GATE_LABEL,
            gate.name());
    Map<String, String> podLabels = new java.util.HashMap<>();
    if (spec.getTemplate().getMetadata().getLabels() != null) {
      podLabels.putAll(spec.getTemplate().getMetadata().getLabels());
    }
    podLabels.putAll(labels);
    spec.getTemplate().getMetadata().setLabels(podLabels);
    return new JobBuilder()
        .withNewMetadata()
        .withName(name(gate))
        .withNamespace(gate.namespace())
        .withLabels(labels)
        .withOwnerReferences(
            new OwnerReferenceBuilder()
                .withApiVersion(gate.resource().getApiVersion())
                .withKind(gate.resource().getKind())
                .withName(gate.name())
                .withUid(gate.resource().getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build())
        .endMetadata()
        .withSpec(spec)
        .build();
  }

  private JobSpec httpJob(Gate gate) {
    HttpLoadSpec http = gate.resource().getSpec().load().http();
    return new io.fabric8.kubernetes.api.model.batch.v1.JobSpecBuilder()
        .withNewTemplate()
        .withNewMetadata()
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .withServiceAccountName(config.serviceAccount())
        .withAutomountServiceAccountToken(false)
        .withSecurityContext(
            new PodSecurityContextBuilder()
                .withRunAsNonRoot(true)
                .withNewSeccompProfile()
                .withType("RuntimeDefault")
                .endSeccompProfile()
                .build())
        .withContainers(
            new ContainerBuilder()
                .withName("load")
                .withImage(config.image())
                .withArgs(loadArgs(http))
                .withEnv(loadEnv(http))
                .withTerminationMessagePath(TERMINATION_PATH)
                .withNewResources()
                .addToRequests("cpu", new Quantity(config.cpuRequest()))
                .addToRequests("memory", new Quantity(config.memory()))
                .addToLimits("memory", new Quantity(config.memory()))
                .endResources()
                .withSecurityContext(
                    new SecurityContextBuilder()
                        .withAllowPrivilegeEscalation(false)
                        .withReadOnlyRootFilesystem(true)
                        .withNewCapabilities()
                        .withDrop("ALL")
                        .endCapabilities()
                        .build())
                .addNewVolumeMount()
                .withName("tmp")
                .withMountPath("/tmp")
                .endVolumeMount()
                .build())
        .addNewVolume()
        .withName("tmp")
        .withNewEmptyDir()
        .endEmptyDir()
        .endVolume()
        .endSpec()
        .endTemplate()
        .build();
  }

  /**
   * {@code leakgate load} with the spec's options, writing its summary where the operator reads.
   */
  static List<String> loadArgs(HttpLoadSpec http) {
    List<String> args = new ArrayList<>(List.of("load", "--url", http.url()));
    args.addAll(List.of("--method", http.method()));
    http.headers().forEach((k, v) -> args.addAll(List.of("--header", k + ": " + v)));
    if (http.body() != null) {
      args.addAll(List.of("--body", http.body()));
    }
    if (http.rate() != null) {
      args.addAll(List.of("--rate", number(http.rate())));
      args.addAll(List.of("--max-in-flight", http.maxInFlight().toString()));
    } else {
      args.addAll(List.of("--concurrency", http.concurrency().toString()));
    }
    args.addAll(List.of("--duration", http.duration(), "--timeout", http.timeout()));
    args.addAll(List.of("--ramp-up", http.rampUp(), "--output", "json"));
    args.addAll(List.of("--summary-file", TERMINATION_PATH));
    return args;
  }

  /**
   * An open-model load runs its JVM on the C1 compiler only. On one core C2 compiles the request
   * path for several seconds after the start, on the core the event loop needs, and a fixed-rate
   * load falls behind and drops arrivals meanwhile: at 5,000/s, -7% to -8% with C2 and -0.6% to
   * -0.8% with C1 only (docs/performance.md). A closed-model load keeps C2, which it needs for its
   * ceiling (47,000/s against 28,000/s on C1).
   */
  static List<EnvVar> loadEnv(HttpLoadSpec http) {
    return http.rate() != null
        ? List.of(new EnvVar("JAVA_TOOL_OPTIONS", OPEN_MODEL_JVM_OPTIONS, null))
        : List.of();
  }

  private static String number(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }

  private JobSpec templateJob(Gate gate, GatePlan plan) throws RefusedException {
    JobSpec spec;
    try {
      spec = mapper.treeToValue(plan.jobTemplate().orElseThrow(), JobSpec.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new RefusedException(
          "spec.load.jobTemplate is not a batch/v1 JobSpec: " + e.getOriginalMessage());
    }
    if (spec.getTemplate() == null
        || spec.getTemplate().getSpec() == null
        || spec.getTemplate().getSpec().getContainers() == null
        || spec.getTemplate().getSpec().getContainers().isEmpty()) {
      throw new RefusedException(
          "spec.load.jobTemplate.template.spec.containers: at least one container is required");
    }
    PodSpec pod = spec.getTemplate().getSpec();
    String account = pod.getServiceAccountName();
    Set<String> allowed =
        new java.util.HashSet<>(config.allowedTemplateServiceAccounts().orElse(List.of()));
    allowed.add(config.serviceAccount());
    if (account != null && !account.isBlank() && !allowed.contains(account)) {
      throw new RefusedException(
          "spec.load.jobTemplate.template.spec.serviceAccountName: '"
              + account
              + "' is not allowed; the operator allows "
              + String.join(", ", allowed.stream().sorted().toList())
              + " (leakgate.load.allowed-template-service-accounts)");
    }
    if (account == null || account.isBlank()) {
      pod.setServiceAccountName(config.serviceAccount());
    }
    if (pod.getRestartPolicy() == null || pod.getRestartPolicy().equals("Always")) {
      pod.setRestartPolicy("Never");
    }
    if (spec.getTemplate().getMetadata() == null) {
      spec.getTemplate().setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
    }
    return spec;
  }
}
