package dev.leakgate.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.quarkus.runtime.Quarkus;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Leader election as this operator needs it: of several replicas only the Lease holder reconciles;
 * a holder that stops gracefully releases the Lease, so a standby leads within a retry period
 * instead of waiting for the Lease to expire; a holder that loses the Lease otherwise exits, so two
 * operators never reconcile the same gates.
 *
 * <p>Java Operator SDK neither releases the Lease on stop nor separates a stop from a loss (with
 * exit-on-stop-leading it would call System.exit inside the shutdown hook, which never returns), so
 * its exit is turned off and these callbacks decide.
 */
public final class Leadership {
  private static final Logger LOG = Logger.getLogger(Leadership.class);

  private final KubernetesClient client;
  private final Clock clock;
  private final String leaseNamespace;
  private final String leaseName;
  private final String identity;
  private volatile boolean stopping;

  Leadership(KubernetesClient client, Clock clock, String leaseNamespace, String leaseName) {
    this.client = client;
    this.clock = clock;
    this.leaseNamespace = leaseNamespace;
    this.leaseName = leaseName;
    // The pod's name tells people who leads; the suffix tells apart two processes of one host.
    String host = System.getenv("HOSTNAME");
    this.identity =
        (host == null || host.isBlank() ? "leakgate" : host)
            + "-"
            + UUID.randomUUID().toString().substring(0, 8);
  }

  public String identity() {
    return identity;
  }

  public String leaseNamespace() {
    return leaseNamespace;
  }

  public String leaseName() {
    return leaseName;
  }

  LeaderCallbacks callbacks() {
    return new LeaderCallbacks(
        () -> LOG.infof("leading through Lease %s/%s as %s", leaseNamespace, leaseName, identity),
        this::stoppedLeading,
        leader -> LOG.infof("Lease %s/%s is held by %s", leaseNamespace, leaseName, leader));
  }

  /** Called before the operator stops: from now on, leaving the Lease is a release, not a loss. */
  void stopping() {
    stopping = true;
  }

  private void stoppedLeading() {
    if (stopping) {
      release();
      return;
    }
    LOG.errorf(
        "lost Lease %s/%s; exiting so that only its holder reconciles gates",
        leaseNamespace, leaseName);
    Quarkus.asyncExit(1);
  }

  /**
   * Gives the Lease up as client-go does on a release: no holder and a 1 s duration, with the
   * version read, so a Lease another replica took meanwhile is left alone.
   */
  private void release() {
    LeaseLock lock = new LeaseLock(leaseNamespace, leaseName, identity);
    try {
      LeaderElectionRecord current = lock.get(client);
      if (current == null || !identity.equals(current.getHolderIdentity())) {
        return;
      }
      ZonedDateTime now = ZonedDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
      // The lock updates the Lease it just read, with that version.
      lock.update(
          client,
          new LeaderElectionRecord(
              null, Duration.ofSeconds(1), now, now, current.getLeaderTransitions()));
      LOG.infof("released Lease %s/%s for a standby to take", leaseNamespace, leaseName);
    } catch (KubernetesClientException e) {
      LOG.warnf(
          "could not release Lease %s/%s (HTTP %d); a standby takes it when it expires",
          leaseNamespace, leaseName, e.getCode());
    }
  }
}
