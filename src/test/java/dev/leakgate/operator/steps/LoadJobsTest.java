package dev.leakgate.operator.steps;

import static dev.leakgate.operator.steps.Gates.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leakgate.operator.model.LeakGate;
import dev.leakgate.operator.model.Phase;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.junit.jupiter.api.Test;

class LoadJobsTest {
  private final LoadJobs jobs = new LoadJobs(Gates.loadConfig("k6-runner"));

  private Job build(String spec) throws Exception {
    LeakGate resource = Gates.resource(spec);
    return jobs.build(Gates.at(resource, Gates.status(Phase.Loading), T0));
  }

  @Test
  void theBuiltInLoadRunsLeakgateLoadOnceBoundedAndRestricted() throws Exception {
    Job job =
        build(
            Gates.HTTP_GATE.replace(
                "timeout: 2s}", "timeout: 2s, headers: {X-Gate: checkout}, body: \"{}\"}"));

    assertThat(job.getMetadata().getName()).isEqualTo("checkout-1-load");
    assertThat(job.getMetadata().getLabels()).containsEntry("leakgate.dev/gate", "checkout-1");
    assertThat(job.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getKind()).isEqualTo("LeakGate");
              assertThat(o.getUid()).isEqualTo("9f1c-uid");
              assertThat(o.getController()).isTrue();
            });
    assertThat(job.getSpec().getBackoffLimit()).isZero();
    assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(120 + 300);
    assertThat(job.getSpec().getTtlSecondsAfterFinished()).isEqualTo(600 + 3600);
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    assertThat(pod.getServiceAccountName()).isEqualTo("leakgate-load");
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getRestartPolicy()).isEqualTo("Never");
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    Container load = pod.getContainers().get(0);
    assertThat(load.getImage()).isEqualTo("ghcr.io/leakgate/leakgate:test");
    assertThat(load.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(load.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(load.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(load.getArgs())
        .containsExactly(
            "load",
            "--url",
            "http://checkout.shop:8080/api",
            "--method",
            "GET",
            "--header",
            "X-Gate: checkout",
            "--body",
            "{}",
            "--rate",
            "50",
            "--max-in-flight",
            "1000",
            "--duration",
            "2m",
            "--timeout",
            "2s",
            "--ramp-up",
            "0s",
            "--output",
            "json",
            "--summary-file",
            "/dev/termination-log");
    assertThat(load.getTerminationMessagePath()).isEqualTo("/dev/termination-log");
    assertThat(load.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(load.getResources().getLimits().get("memory").toString()).isEqualTo("512Mi");
    // A fixed rate runs on C1 only, which keeps it on schedule from the start.
    assertThat(load.getEnv())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getName()).isEqualTo("JAVA_TOOL_OPTIONS");
              assertThat(e.getValue()).isEqualTo("-XX:TieredStopAtLevel=1");
            });
  }

  @Test
  void aClosedModelLoadKeepsTheFullJit() throws Exception {
    Job job = build(Gates.HTTP_GATE.replace("rate: 50", "concurrency: 8"));

    var load = job.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(load.getArgs()).containsSequence("--concurrency", "8").doesNotContain("--rate");
    assertThat(load.getEnv()).isEmpty();
  }

  @Test
  void aTemplateKeepsItsToolAndGetsTheGatesBounds() throws Exception {
    Job job =
        build(
            """
            target: {name: checkout}
            load:
              jobTemplate:
                template:
                  spec:
                    serviceAccountName: k6-runner
                    containers: [{name: k6, image: grafana/k6, args: [run, /s/script.js]}]
            """);

    assertThat(job.getSpec().getBackoffLimit()).isZero();
    assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(3600);
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    assertThat(pod.getServiceAccountName()).isEqualTo("k6-runner");
    assertThat(pod.getRestartPolicy()).isEqualTo("Never");
    assertThat(pod.getContainers())
        .singleElement()
        .satisfies(c -> assertThat(c.getArgs()).containsExactly("run", "/s/script.js"));
    assertThat(job.getSpec().getTemplate().getMetadata().getLabels())
        .containsEntry("leakgate.dev/gate", "checkout-1");
  }

  @Test
  void aTemplateWithoutContainersIsRefusedNamingTheField() {
    assertThatThrownBy(
            () ->
                build(
                    """
                    target: {name: checkout}
                    load: {jobTemplate: {template: {spec: {}}}}
                    """))
        .isInstanceOf(LoadJobs.RefusedException.class)
        .hasMessageContaining("spec.load.jobTemplate.template.spec.containers");
  }
}
