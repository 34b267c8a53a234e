package dev.leakgate.operator;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
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
   * A Lease in the operator's namespace (or {@code leakgate.leader-election.lease-namespace}).
   * Quarkus Operator SDK turns leader election on in the prod profile when this bean exists.
   */
  @Produces
  @ApplicationScoped
  LeaderElectionConfiguration leaderElection(LeakGateConfig config) {
    return new LeaderElectionConfiguration(
        config.leaderElection().leaseName(), config.leaderElection().leaseNamespace().orElse(null));
  }
}
