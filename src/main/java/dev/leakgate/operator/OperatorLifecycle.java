package dev.leakgate.operator;

import io.javaoperatorsdk.operator.Operator;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Starts the operator (only the default command does, so the command-line modes touch no cluster)
 * and stops it, which Quarkus Operator SDK does not do for an operator it did not start itself:
 * reconciles in flight finish (for up to {@code quarkus.operator-sdk.termination-timeout}), then
 * the Lease is released for a standby.
 *
 * <p>SIGTERM (a rollout, a drain) and SIGINT are handled here first: stop, release, then exit as
 * the JVM would have (128 + the signal). Left to Quarkus, the signal's shutdown hook closes the
 * Kubernetes client's transport among its first shutdown tasks, before any shutdown observer runs,
 * and the release failed with "Client is closed" about half the time. Any other way out (the Lease
 * lost, an exit) stops from the main thread or the shutdown event; a second stop waits for the
 * first. The operator leaves the client open on stop ({@code close-client-on-stop=false}) so the
 * release can use it; Quarkus closes it afterwards.
 */
@ApplicationScoped
public class OperatorLifecycle {
  private static final Logger LOG = Logger.getLogger(OperatorLifecycle.class);

  @Inject Instance<Operator> operator;
  @Inject Instance<Leadership> leadership;
  private boolean started;

  public synchronized void start() {
    operator.get().start();
    started = true;
    for (String name : new String[] {"TERM", "INT"}) {
      SignalHandlers.handle(name, number -> stopAndExit(name, number));
    }
  }

  private void stopAndExit(String name, int number) {
    LOG.infof("SIG%s: stopping", name);
    try {
      stop();
    } finally {
      System.exit(128 + number);
    }
  }

  /** Stops the operator and releases its Lease, once; a second call waits for the first. */
  public synchronized void stop() {
    if (started) {
      started = false;
      leadership.get().stopping();
      operator.get().stop();
      leadership.get().releaseAfterStop();
    }
  }

  void onShutdown(@Observes ShutdownEvent event) {
    stop();
  }
}
