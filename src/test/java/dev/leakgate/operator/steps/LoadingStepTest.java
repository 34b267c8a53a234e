package dev.leakgate.operator.steps;

import static dev.leakgate.operator.steps.Gates.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.leakgate.operator.model.LeakGate;
import dev.leakgate.operator.model.LeakGateStatus;
import dev.leakgate.operator.model.Phase;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LoadingStepTest {
  private static final String SUMMARY =
      """
      {"url":"http://checkout.shop:8080/api","model":"open","requestedRate":50.0,\
      "durationSeconds":120.0,"requests":6000,"successes":5880,"errors":{"timeout":120},\
      "dropped":0,"achievedRate":50.0,\
      "latencyMs":{"p50":12.0,"p90":40.0,"p99":2000.0,"max":2001.0,"mean":60.0}}""";

  private final FakeCluster cluster = new FakeCluster();
  private final LoadingStep step = new LoadingStep(cluster, new LoadJobs(Gates.loadConfig()));
  private final LeakGate resource = Gates.resource(Gates.HTTP_GATE);

  private LeakGateStatus started() {
    LeakGateStatus status = Gates.status(Phase.Loading);
    step.run(Gates.at(resource, status, T0));
    return status;
  }

  private void jobEnds(ClusterView.LoadJob.Outcome outcome, String reason, String summary) {
    cluster.jobs.put(
        "shop/checkout-1-load",
        new ClusterView.LoadJob(
            outcome,
            reason,
            reason == null ? null : "Job was active longer than specified deadline",
            Optional.of(T0.plusSeconds(125)),
            Optional.ofNullable(summary)));
  }

  @Test
  void createsTheJobOnceAndWaitsForIt() {
    LeakGateStatus status = started();

    assertThat(cluster.created)
        .singleElement()
        .satisfies(j -> assertThat(j.getMetadata().getName()).isEqualTo("checkout-1-load"));
    assertThat(status.load.job()).isEqualTo("checkout-1-load");
    assertThat(status.load.outcome()).isEqualTo("Running");
    assertThat(status.loadStartedAt).isEqualTo(T0.toString());

    cluster.jobs.put(
        "shop/checkout-1-load",
        new ClusterView.LoadJob(
            ClusterView.LoadJob.Outcome.Running, null, null, Optional.empty(), Optional.empty()));
    Progress progress = step.run(Gates.at(resource, status, T0.plusSeconds(60)));

    assertThat(progress).isEqualTo(Progress.waitFor(Duration.ofSeconds(15)));
    assertThat(cluster.created).hasSize(1);
  }

  @Test
  void aDeliveredLoadMovesToRecoveringWithItsSummary() {
    LeakGateStatus status = started();
    jobEnds(ClusterView.LoadJob.Outcome.Succeeded, null, SUMMARY);

    step.run(Gates.at(resource, status, T0.plusSeconds(130)));

    assertThat(status.phase).isEqualTo(Phase.Recovering);
    assertThat(status.loadFinishedAt).isEqualTo(T0.plusSeconds(125).toString());
    assertThat(status.load.outcome()).isEqualTo("Succeeded");
    assertThat(status.load.requests()).isEqualTo(6000);
    assertThat(status.load.successes()).isEqualTo(5880);
    assertThat(status.load.errors()).containsEntry("timeout", 120L);
    assertThat(status.message).startsWith("load done: ");
  }

  @Test
  void aLoadWithoutOneSuccessIsInconclusive() {
    LeakGateStatus status = started();
    jobEnds(
        ClusterView.LoadJob.Outcome.Succeeded,
        null,
        SUMMARY.replace("\"successes\":5880", "\"successes\":0"));

    step.run(Gates.at(resource, status, T0.plusSeconds(130)));

    assertThat(status.phase).isEqualTo(Phase.Inconclusive);
    assertThat(status.verdict).isEqualTo("Inconclusive");
    assertThat(status.reason).isEqualTo("LoadNotDelivered");
  }

  @Test
  void aJobPastItsDeadlineIsInconclusiveWithTheJobsOwnResult() {
    LeakGateStatus status = started();
    jobEnds(ClusterView.LoadJob.Outcome.Failed, "DeadlineExceeded", null);

    step.run(Gates.at(resource, status, T0.plusSeconds(430)));

    assertThat(status.phase).isEqualTo(Phase.Inconclusive);
    assertThat(status.reason).isEqualTo("LoadFailed");
    assertThat(status.load.outcome()).isEqualTo("DeadlineExceeded");
    assertThat(status.load.jobMessage()).contains("deadline");
    assertThat(status.message).contains("DeadlineExceeded");
  }

  @Test
  void aJobThatVanishesIsInconclusiveOnlyAfterTheCacheHadTimeToSeeIt() {
    LeakGateStatus status = started();

    assertThat(step.run(Gates.at(resource, status, T0.plusSeconds(5))))
        .isEqualTo(Progress.waitFor(Duration.ofSeconds(2)));
    assertThat(status.phase).isEqualTo(Phase.Loading);

    step.run(Gates.at(resource, status, T0.plusSeconds(31)));
    assertThat(status.phase).isEqualTo(Phase.Inconclusive);
    assertThat(status.reason).isEqualTo("LoadFailed");
  }

  @Test
  void aTemplateWithAServiceAccountNotAllowedIsRefused() {
    LeakGate template = templateGate("cluster-admin-sa");
    LeakGateStatus status = Gates.status(Phase.Loading);

    step.run(Gates.at(template, status, T0));

    assertThat(status.phase).isEqualTo(Phase.Error);
    assertThat(status.reason).isEqualTo("LoadJobRefused");
    assertThat(status.message)
        .contains("'cluster-admin-sa' is not allowed")
        .contains("leakgate-load");
    assertThat(cluster.created).isEmpty();
  }

  @Test
  void aMissingLoadServiceAccountEndsTheGateBeforeAnyJob() {
    cluster.serviceAccounts.remove("shop/leakgate-load");
    LeakGateStatus status = Gates.status(Phase.Loading);

    step.run(Gates.at(resource, status, T0));

    assertThat(status.phase).isEqualTo(Phase.Error);
    assertThat(status.reason).isEqualTo("LoadServiceAccountMissing");
    assertThat(status.message)
        .startsWith("ServiceAccount leakgate-load not found in namespace shop")
        .contains("leakgate.load.service-account");
    assertThat(cluster.created).isEmpty();
  }

  @Test
  void aTemplatesOwnMissingServiceAccountIsNamedAsTheTemplates() {
    LeakGate template = templateGate("k6-runner");
    LoadingStep allowing = new LoadingStep(cluster, new LoadJobs(Gates.loadConfig("k6-runner")));
    LeakGateStatus status = Gates.status(Phase.Loading);

    allowing.run(Gates.at(template, status, T0));

    assertThat(status.reason).isEqualTo("LoadServiceAccountMissing");
    assertThat(status.message)
        .startsWith("ServiceAccount k6-runner not found in namespace shop")
        .contains("spec.load.jobTemplate.template.spec.serviceAccountName");
    assertThat(cluster.created).isEmpty();
  }

  @Test
  void aJobWithoutItsPodYetIsAskedAboutSooner() {
    LeakGateStatus status = started();
    cluster.jobs.put("shop/checkout-1-load", starting(Optional.empty()));

    Progress progress = step.run(Gates.at(resource, status, T0.plusSeconds(1)));

    assertThat(progress).isEqualTo(Progress.waitFor(Duration.ofSeconds(5)));
    assertThat(status.phase).isEqualTo(Phase.Loading);
    assertThat(status.message).isEqualTo("load Job checkout-1-load created, waiting for its pod");
  }

  /** The account was there when the Job was made, and deleted before its pod was. */
  @Test
  void aPodRefusedForAMissingAccountEndsTheGateAndDeletesTheJob() {
    LeakGateStatus status = started();
    cluster.jobs.put(
        "shop/checkout-1-load",
        starting(
            Optional.of(
                "Error creating: pods \"checkout-1-load-\" is forbidden: error looking up service"
                    + " account shop/leakgate-load: serviceaccount \"leakgate-load\" not found")));

    step.run(Gates.at(resource, status, T0.plusSeconds(2)));

    assertThat(status.phase).isEqualTo(Phase.Error);
    assertThat(status.reason).isEqualTo("LoadServiceAccountMissing");
    assertThat(status.message)
        .startsWith("ServiceAccount leakgate-load not found in namespace shop");
    assertThat(status.load.outcome()).isEqualTo("Failed");
    assertThat(status.load.jobMessage()).contains("serviceaccount \"leakgate-load\" not found");
    assertThat(cluster.deleted).containsExactly("shop/checkout-1-load");
  }

  @Test
  void aPodRefusedForAnotherReasonIsLoadPodRefused() {
    LeakGateStatus status = started();
    String quota =
        "Error creating: pods \"checkout-1-load-x\" is forbidden: exceeded quota: compute,"
            + " requested: requests.cpu=500m, used: requests.cpu=2, limited: requests.cpu=2";
    cluster.jobs.put("shop/checkout-1-load", starting(Optional.of(quota)));

    step.run(Gates.at(resource, status, T0.plusSeconds(2)));

    assertThat(status.phase).isEqualTo(Phase.Error);
    assertThat(status.reason).isEqualTo("LoadPodRefused");
    assertThat(status.message).contains("exceeded quota: compute").contains("checkout-1-load");
    assertThat(cluster.deleted).containsExactly("shop/checkout-1-load");
  }

  private static ClusterView.LoadJob starting(Optional<String> refused) {
    return new ClusterView.LoadJob(
        ClusterView.LoadJob.Outcome.Starting,
        null,
        null,
        Optional.empty(),
        Optional.empty(),
        refused);
  }

  /** A gate whose load is a k6 Job template run as this ServiceAccount. */
  private static LeakGate templateGate(String account) {
    return Gates.resource(
        """
        target: {name: checkout}
        load:
          jobTemplate:
            template:
              spec:
                serviceAccountName: %s
                containers: [{name: k6, image: grafana/k6}]
        """
            .formatted(account));
  }
}
