package dev.leakgate.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The operator's wiring: the clock its steps read (tests of single steps pass a fixed one) and
 * leader election, so that of several replicas only one reconciles.
 */
@ApplicationScoped
public class OperatorBeans {

  @Produces
  @ApplicationScoped
  Clock clock() {
    return Clock.systemUTC();
  }

  /**
   * The Lease in the operator's namespace (or {@code leakgate.leader-election.lease-namespace}),
   * the same namespace Java Operator SDK would choose.
   */
  @Produces
  @Singleton
  Leadership leadership(LeakGateConfig config, KubernetesClient client, Clock clock) {
    LeakGateConfig.LeaderElection election = config.leaderElection();
    return new Leadership(
        client,
        clock,
        election.leaseNamespace().orElseGet(() -> client.getConfiguration().getNamespace()),
        election.leaseName());
  }

  /**
   * Quarkus Operator SDK turns leader election on in the prod profile when this bean exists. Its
   * exit on losing the Lease is off: {@link Leadership} tells a graceful stop (release the Lease)
   * from a loss (exit).
   */
  @Produces
  @ApplicationScoped
  LeaderElectionConfiguration leaderElection(LeakGateConfig config, Leadership leadership) {
    LeakGateConfig.LeaderElection election = config.leaderElection();
    return LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(leadership.leaseName())
        .withLeaseNamespace(leadership.leaseNamespace())
        .withLeaseDuration(election.leaseDuration())
        .withRenewDeadline(election.renewDeadline())
        .withRetryPeriod(election.retryPeriod())
        .withIdentity(leadership.identity())
        .withLeaderCallbacks(leadership.callbacks())
        .withExitOnStopLeading(false)
        .build();
  }
}
