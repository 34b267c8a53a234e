package dev.leakgate.sample;

import java.time.Duration;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The story of DESIGN.md, the JVM way. Each request starts a worker thread that calls a slow
 * "scoring backend" and hands the result back over a {@link SynchronousQueue}, the JVM's unbuffered
 * channel, while the request waits with a timeout. With the bug the worker {@code put()}s: once the
 * request has given up, nobody ever takes, and the worker stays parked forever. The fix {@code
 * offer()}s: with nobody waiting, the result is dropped and the worker ends.
 */
public final class ScoringService {
  private final boolean leak;
  private final Duration minLatency;
  private final Duration maxLatency;
  private final Duration timeout;

  public ScoringService(boolean leak, Duration minLatency, Duration maxLatency, Duration timeout) {
    this.leak = leak;
    this.minLatency = minLatency;
    this.maxLatency = maxLatency;
    this.timeout = timeout;
  }

  /** The score, or null when the backend did not answer within the timeout. */
  public String recommend() throws InterruptedException {
    SynchronousQueue<String> handoff = new SynchronousQueue<>();
    // A plain thread per call (no cached pool), so the healthy variant's thread count falls back
    // as soon as the workers end.
    Thread worker = new Thread(() -> score(handoff), "scoring-worker");
    worker.setDaemon(true);
    worker.start();
    return handoff.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  private void score(SynchronousQueue<String> handoff) {
    try {
      long latency =
          ThreadLocalRandom.current()
              .nextLong(
                  minLatency.toMillis(),
                  Math.max(minLatency.toMillis(), maxLatency.toMillis()) + 1);
      Thread.sleep(latency);
      String result = "{\"score\":" + ThreadLocalRandom.current().nextInt(100) + "}";
      if (leak) {
        handoff.put(result);
      } else {
        handoff.offer(result);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
