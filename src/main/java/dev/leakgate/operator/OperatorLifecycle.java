package dev.leakgate.operator;

import io.javaoperatorsdk.operator.Operator;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/**
 * Starts the operator (only the default command does, so the command-line modes touch no cluster)
 * and stops it on shutdown, which Quarkus Operator SDK does not do for an operator it did not start
 * itself: reconciles in flight finish, then the Lease is released for a standby.
 */
@ApplicationScoped
public class OperatorLifecycle {
  @Inject Instance<Operator> operator;
  @Inject Instance<Leadership> leadership;
  private volatile boolean started;

  public void start() {
    operator.get().start();
    started = true;
  }

  void stop(@Observes ShutdownEvent event) {
    if (started) {
      leadership.get().stopping();
      operator.get().stop();
    }
  }
}
