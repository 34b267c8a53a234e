package dev.leakgate.operator;

import dev.leakgate.operator.config.LeakGateConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
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
  // The constructor is deprecated, but it is the only way to turn the exit off: the builder's
  // build() refuses withExitOnStopLeading(false) outside its buildForTest(), and the operator
  // failed to start with it (OperatorIT, ImageIT).
  @SuppressWarnings("deprecation")
  LeaderElectionConfiguration leaderElection(LeakGateConfig config, Leadership leadership) {
    LeakGateConfig.LeaderElection election = config.leaderElection();
    return new LeaderElectionConfiguration(
        leadership.leaseName(),
        leadership.leaseNamespace(),
        election.leaseDuration(),
        election.renewDeadline(),
        election.retryPeriod(),
        leadership.identity(),
        leadership.callbacks(),
        false);
  }
}
