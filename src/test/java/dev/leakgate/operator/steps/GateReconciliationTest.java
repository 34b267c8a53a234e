package dev.leakgate.operator.steps;

import static dev.leakgate.operator.steps.Gates.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.leakgate.operator.model.LeakGate;
import dev.leakgate.operator.model.Phase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The reconciler's logic without the framework, at fixed times against an in-memory cluster and
 * Prometheus: which phases a reconcile enters (one Event each), when the status is written, when
 * the gate is looked at again.
 */
class GateReconciliationTest {
  private final FakeCluster cluster = new FakeCluster();

  /** Prometheus holding a pod's flat 40 threads every 15 s over any range asked for. */
  private final FakeSignals signals =
      new FakeSignals(request -> Gates.baselineThreads(request, t -> true));

  private final GateReconciliation reconciliation = new GateReconciliation();

  private final GateReconciliation.Collaborators with =
      new GateReconciliation.Collaborators() {
        @Override
        public SignalSource signals(LeakGate resource) {
          return signals;
        }

        @Override
        public ClusterView cluster() {
          return cluster;
        }

        @Override
        public QueryRange range() {
          return new QueryRange(Duration.ofSeconds(15));
        }

        @Override
        public LoadJobs loadJobs() {
          return new LoadJobs(Gates.loadConfig());
        }
      };

  private void checkoutReadySince(Instant since) {
    cluster.workload(
        "shop",
        "Deployment",
        "checkout",
        1,
        new ClusterView.PodState("checkout-a", "uid-a", true, Optional.of(since)));
  }

  /** Reconciles as the framework would: the status written back only when it changed. */
  private GateReconciliation.Result reconcile(LeakGate resource, Instant now) {
    GateReconciliation.Result result = reconciliation.reconcile(resource, with, now);
    if (result.changed()) {
      resource.setStatus(result.status());
    }
    return result;
  }

  private static List<Phase> phases(GateReconciliation.Result result) {
    return result.entered().stream().map(GateReconciliation.Entered::phase).toList();
  }

  @Test
  void aNewGateRunsEveryPhaseItCanInOneReconcileAnnouncingEachOnce() {
    // Ready for an hour: the baseline is already in Prometheus, so nothing waits until the load.
    checkoutReadySince(T0.minusSeconds(3600));
    LeakGate resource = Gates.resource(Gates.HTTP_GATE);

    GateReconciliation.Result result = reconcile(resource, T0);

    assertThat(phases(result)).containsExactly(Phase.Pending, Phase.Baseline, Phase.Loading);
    assertThat(result.entered().get(0).left()).isEmpty();
    assertThat(result.entered().get(2).left())
        .contains(new GateReconciliation.Left(Phase.Baseline, Duration.ZERO));
    assertThat(result.changed()).isTrue();
    assertThat(result.status().phase).isEqualTo(Phase.Loading);
    assertThat(result.status().observedGeneration).isEqualTo(1L);
    assertThat(result.status().conditions).isNotEmpty();
    assertThat(cluster.created).hasSize(1);
    // The load Job is polled, not waited on blindly.
    assertThat(result.lookAgainAfter()).contains(Duration.ofSeconds(15));
  }

  /** A gate whose pods became ready just now, so it measures its baseline from T0 to T0 + 5m. */
  private LeakGate measuringFromT0() {
    checkoutReadySince(T0.minusSeconds(10));
    LeakGate resource = Gates.resource(Gates.HTTP_GATE);
    reconcile(resource, T0);
    assertThat(resource.getStatus().phase).isEqualTo(Phase.Baseline);
    return resource;
  }

  @Test
  void aReconcileThatChangesNothingWritesNothingAndAnnouncesNothing() {
    LeakGate resource = measuringFromT0();

    // Measuring until T0 + 5m: the same status a minute later.
    GateReconciliation.Result again = reconcile(resource, T0.plusSeconds(60));

    assertThat(again.changed()).isFalse();
    assertThat(again.entered()).isEmpty();
    assertThat(again.lookAgainAfter()).contains(Duration.ofSeconds(240));
  }

  @Test
  void aStepAskingForLessThanTheFloorIsLookedAtAfterTheFloor() {
    LeakGate resource = measuringFromT0();

    // 100 ms before the baseline window ends.
    GateReconciliation.Result last = reconcile(resource, T0.plusMillis(299_900));

    assertThat(last.lookAgainAfter()).contains(GateReconciliation.RESCHEDULE_FLOOR);
  }

  @Test
  void anInvalidSpecEndsInErrorOnceAndIsNeverLookedAtAgain() {
    LeakGate resource = Gates.resource(Gates.HTTP_GATE.replace("window: 5m", "window: 5 minutes"));

    GateReconciliation.Result result = reconcile(resource, T0);

    assertThat(phases(result)).containsExactly(Phase.Pending, Phase.Error);
    assertThat(result.status().reason).isEqualTo("InvalidSpec");
    assertThat(result.status().message).contains("baseline.window").contains("5 minutes");
    assertThat(result.lookAgainAfter()).isEmpty();
    assertThat(signals.requests).isEmpty();

    GateReconciliation.Result after = reconcile(resource, T0.plusSeconds(60));
    assertThat(after.changed()).isFalse();
    assertThat(after.entered()).isEmpty();
    assertThat(after.lookAgainAfter()).isEmpty();
  }
}
