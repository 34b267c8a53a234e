package dev.leakgate.pipeline;

import dev.leakgate.operator.model.LeakGate;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Waits on one gate through an informer on it, the way {@code kubectl wait} does: a dropped watch
 * is re-established (the informer lists again and carries on), so a long gate survives API server
 * restarts and idle connections being cut. Between changes, it says where the gate stands at a
 * steady beat, so a pipeline's log never goes quiet for long.
 */
public final class GateWatch {
  private final KubernetesClient client;
  private final Clock clock;
  private final Duration beat;

  public GateWatch(KubernetesClient client, Clock clock, Duration beat) {
    this.client = client;
    this.clock = clock;
    this.beat = beat;
  }

  /** How the wait ended. */
  public sealed interface Result {
    /** The gate reached a final phase. */
    record Ended(LeakGate gate, GateEnd end) implements Result {}

    /** The timeout passed first; the gate goes on. */
    record TimedOut(LeakGate gate) implements Result {}

    /** The gate was deleted while it was waited on. */
    record Deleted() implements Result {}

    /** There is no such gate. */
    record NotFound() implements Result {}
  }

  /**
   * @param timeout how long to wait; zero or negative: as long as the gate runs
   * @param seen the gate as first read, after each change and at each beat
   */
  public Result await(String namespace, String name, Duration timeout, Consumer<LeakGate> seen)
      throws InterruptedException {
    Resource<LeakGate> resource =
        client.resources(LeakGate.class).inNamespace(namespace).withName(name);
    LeakGate current = resource.get();
    if (current == null) {
      return new Result.NotFound();
    }
    BlockingQueue<Optional<LeakGate>> changes = new LinkedBlockingQueue<>();
    SharedIndexInformer<LeakGate> informer =
        resource.inform(
            new ResourceEventHandler<>() {
              @Override
              public void onAdd(LeakGate gate) {
                changes.add(Optional.of(gate));
              }

              @Override
              public void onUpdate(LeakGate before, LeakGate after) {
                changes.add(Optional.of(after));
              }

              @Override
              public void onDelete(LeakGate gate, boolean finalStateUnknown) {
                changes.add(Optional.empty());
              }
            });
    try {
      Instant deadline =
          timeout.isZero() || timeout.isNegative() ? Instant.MAX : clock.instant().plus(timeout);
      seen.accept(current);
      while (true) {
        Optional<GateEnd> end = GateEnd.of(current.getStatus());
        if (end.isPresent()) {
          return new Result.Ended(current, end.get());
        }
        Instant now = clock.instant();
        if (!now.isBefore(deadline)) {
          return new Result.TimedOut(current);
        }
        Duration left = deadline == Instant.MAX ? beat : Duration.between(now, deadline);
        Duration pause = left.compareTo(beat) < 0 ? left : beat;
        Optional<LeakGate> next = changes.poll(pause.toMillis(), TimeUnit.MILLISECONDS);
        if (next == null) {
          seen.accept(current);
          continue;
        }
        if (next.isEmpty()) {
          return new Result.Deleted();
        }
        current = next.get();
        seen.accept(current);
      }
    } finally {
      informer.close();
    }
  }
}
