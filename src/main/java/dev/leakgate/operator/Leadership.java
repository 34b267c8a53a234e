package dev.leakgate.operator;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.quarkus.runtime.Quarkus;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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

  /** A Lease's times are MicroTime: RFC 3339 with microseconds, in UTC. */
  private static final DateTimeFormatter MICRO_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private final KubernetesClient client;
  private final Clock clock;
  private final String leaseNamespace;
  private final String leaseName;
  private final String identity;
  private final CountDownLatch stoppedLeading = new CountDownLatch(1);
  private volatile boolean leading;
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
        () -> {
          leading = true;
          LOG.infof("leading through Lease %s/%s as %s", leaseNamespace, leaseName, identity);
        },
        this::stoppedLeading,
        leader -> LOG.infof("Lease %s/%s is held by %s", leaseNamespace, leaseName, leader));
  }

  /** Called before the operator stops: from now on, leaving the Lease is a release, not a loss. */
  void stopping() {
    stopping = true;
  }

  /**
   * Called once the operator stopped: releases the Lease if this replica held it. The elector
   * reports its end on a thread of its own, after which it renews nothing; this waits for that (at
   * most 5 s), so the release cannot be overwritten by a last renewal.
   */
  void releaseAfterStop() {
    if (!leading) {
      return;
    }
    try {
      if (!stoppedLeading.await(5, TimeUnit.SECONDS)) {
        LOG.warnf("the leader election did not end within 5 s; the Lease expires on its own");
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    release();
  }

  private void stoppedLeading() {
    stoppedLeading.countDown();
    if (stopping) {
      return;
    }
    LOG.errorf(
        "lost Lease %s/%s; exiting so that only its holder reconciles gates",
        leaseNamespace, leaseName);
    Quarkus.asyncExit(1);
  }

  /**
   * Gives the Lease up as client-go does: no holder, a 1 s duration, renewed now, so a standby
   * takes it at its next try. A JSON merge patch with the version read as its precondition: a Lease
   * another replica took meanwhile is left alone (409). fabric8's own lock cannot do this: its
   * merge patch leaves a null holder out, so the holder would stay.
   */
  private void release() {
    var lease = client.leases().inNamespace(leaseNamespace).withName(leaseName);
    try {
      Lease current = lease.get();
      if (current == null || !identity.equals(current.getSpec().getHolderIdentity())) {
        return;
      }
      ObjectNode patch = JsonNodeFactory.instance.objectNode();
      patch
          .putObject("metadata")
          .put("resourceVersion", current.getMetadata().getResourceVersion());
      ObjectNode spec = patch.putObject("spec");
      spec.putNull("holderIdentity");
      spec.put("leaseDurationSeconds", 1);
      spec.put("renewTime", MICRO_TIME.format(clock.instant()));
      lease.patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
      LOG.infof("released Lease %s/%s for a standby to take", leaseNamespace, leaseName);
    } catch (KubernetesClientException e) {
      LOG.warnf(
          "could not release Lease %s/%s (HTTP %d); a standby takes it when it expires",
          leaseNamespace, leaseName, e.getCode());
    }
  }
}
