package dev.leakgate.operator.steps;

import static dev.leakgate.operator.steps.Gates.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.leakgate.operator.model.LeakGate;
import dev.leakgate.operator.model.LeakGateStatus;
import dev.leakgate.operator.model.Phase;
import dev.leakgate.prometheus.PrometheusException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PendingStepTest {
  private final FakeCluster cluster = new FakeCluster();
  private final FakeSignals prometheus = new FakeSignals(request -> null);
  private final PendingStep step = new PendingStep(cluster, prometheus);
  private final LeakGate resource = Gates.resource(Gates.HTTP_GATE + "startTimeout: 2m\n");

  private void checkout(ClusterView.PodState... pods) {
    cluster.workload("shop", "Deployment", "checkout", 2, pods);
  }

  @Test
  void aMissingTargetIsAnErrorNamingIt() {
    LeakGateStatus status = Gates.status(Phase.Pending);
    Progress progress = step.run(Gates.at(resource, status, T0));

    assertThat(progress).isInstanceOf(Progress.Moved.class);
    assertThat(status.phase).isEqualTo(Phase.Error);
    assertThat(status.reason).isEqualTo("TargetNotFound");
    assertThat(status.message).isEqualTo("Deployment checkout not found in namespace shop");
    assertThat(status.finishedAt).isEqualTo(T0.toString());
  }

  @Test
  void waitsForItsTargetWithoutListingPodsThenGivesUpAtTheStartTimeout() {
    checkout(
        new ClusterView.PodState("checkout-a", "uid-a", true, Optional.of(T0)),
        new ClusterView.PodState("checkout-b", "uid-b", false, Optional.empty()));
    LeakGateStatus status = Gates.status(Phase.Pending);

    // The target's next status update wakes the gate: the only timer is the deadline.
    Progress early = step.run(Gates.at(resource, status, T0.plusSeconds(10)));
    assertThat(early).isEqualTo(Progress.waitFor(Duration.ofSeconds(110)));
    assertThat(status.phase).isEqualTo(Phase.Pending);
    assertThat(status.message).isEqualTo("waiting: 1 of 2 pods of Deployment checkout ready");
    assertThat(cluster.podListings).isZero();

    step.run(Gates.at(resource, status, T0.plusSeconds(120)));
    assertThat(status.phase).isEqualTo(Phase.Error);
    assertThat(status.reason).isEqualTo("TargetNotReady");
    assertThat(status.message)
        .isEqualTo("1 of 2 pods of Deployment checkout ready after startTimeout 2m");
    assertThat(cluster.podListings).isZero();
  }

  @Test
  void podsThatTrailTheirControllersCountAreListedAgainShortly() {
    checkout(
        new ClusterView.PodState("checkout-a", "uid-a", true, Optional.of(T0)),
        new ClusterView.PodState("checkout-b", "uid-b", false, Optional.empty()));
    cluster.workloads.put(
        "shop/Deployment/checkout", new ClusterView.Workload("Deployment", "checkout", 2, 2, true));
    LeakGateStatus status = Gates.status(Phase.Pending);

    Progress early = step.run(Gates.at(resource, status, T0.plusSeconds(10)));
    assertThat(early).isEqualTo(Progress.waitFor(Duration.ofSeconds(5)));
    assertThat(status.message).isEqualTo("waiting: 1 of 2 pods of Deployment checkout ready");
    assertThat(cluster.podListings).isEqualTo(1);

    Progress last = step.run(Gates.at(resource, status, T0.plusSeconds(118)));
    assertThat(last).isEqualTo(Progress.waitFor(Duration.ofSeconds(2)));
    assertThat(status.phase).isEqualTo(Phase.Pending);
  }

  @Test
  void aTargetStillRollingOutIsNotReady() {
    checkout(
        new ClusterView.PodState("checkout-a", "uid-a", true, Optional.of(T0)),
        new ClusterView.PodState("checkout-b", "uid-b", true, Optional.of(T0)));
    cluster.workloads.put(
        "shop/Deployment/checkout",
        new ClusterView.Workload("Deployment", "checkout", 2, 2, false));
    LeakGateStatus status = Gates.status(Phase.Pending);

    step.run(Gates.at(resource, status, T0.plusSeconds(10)));

    assertThat(status.phase).isEqualTo(Phase.Pending);
    assertThat(cluster.podListings).isZero();
  }

  @Test
  void aPrometheusThatDoesNotAnswerEndsTheGateBeforeTheBaseline() {
    checkout(
        new ClusterView.PodState("checkout-a", "uid-a", true, Optional.of(T0)),
        new ClusterView.PodState("checkout-b", "uid-b", true, Optional.of(T0)));
    prometheus.checkFailure =
        new PrometheusException(
            PrometheusException.Kind.UNREACHABLE,
            "vector(1)",
            "http://prometheus.monitoring:9090/ did not answer: Connection refused");
    LeakGateStatus status = Gates.status(Phase.Pending);

    step.run(Gates.at(resource, status, T0.plusSeconds(10)));

    assertThat(status.phase).isEqualTo(Phase.Error);
    assertThat(status.reason).isEqualTo("PrometheusUnavailable");
    assertThat(status.message)
        .isEqualTo(
            "Prometheus did not answer before the baseline: UNREACHABLE:"
                + " http://prometheus.monitoring:9090/ did not answer: Connection refused"
                + " (query: vector(1))");
    assertThat(status.baselineStartedAt).isNull();
  }

  @Test
  void prometheusIsAskedOnlyOnceThePodsAreReady() {
    checkout(
        new ClusterView.PodState("checkout-a", "uid-a", true, Optional.of(T0)),
        new ClusterView.PodState("checkout-b", "uid-b", false, Optional.empty()));
    LeakGateStatus status = Gates.status(Phase.Pending);

    step.run(Gates.at(resource, status, T0.plusSeconds(10)));

    assertThat(prometheus.checks).isZero();
  }

  @Test
  void freshPodsAreMeasuredFromNow() {
    checkout(
        new ClusterView.PodState("checkout-a", "uid-a", true, Optional.of(T0)),
        new ClusterView.PodState("checkout-b", "uid-b", true, Optional.of(T0.plusSeconds(30))));
    LeakGateStatus status = Gates.status(Phase.Pending);

    step.run(Gates.at(resource, status, T0.plusSeconds(40)));

    assertThat(status.phase).isEqualTo(Phase.Baseline);
    assertThat(prometheus.checks).isEqualTo(1);
    assertThat(status.baselineSource).isEqualTo("Measured");
    assertThat(status.baselineStartedAt).isEqualTo(T0.plusSeconds(40).toString());
    assertThat(status.pods)
        .containsExactly(
            new LeakGateStatus.PodRef("checkout-a", "uid-a"),
            new LeakGateStatus.PodRef("checkout-b", "uid-b"));
  }

  @Test
  void podsReadyLongerThanTheWindowUseTheHistoryInPrometheus() {
    checkout(
        new ClusterView.PodState("checkout-a", "uid-a", true, Optional.of(T0.minusSeconds(3600))),
        new ClusterView.PodState("checkout-b", "uid-b", true, Optional.of(T0.minusSeconds(300))));
    LeakGateStatus status = Gates.status(Phase.Pending);

    step.run(Gates.at(resource, status, T0));

    assertThat(status.baselineSource).isEqualTo("History");
    assertThat(status.baselineStartedAt).isEqualTo(T0.minusSeconds(300).toString());
    assertThat(status.message).contains("already in Prometheus");
  }
}
