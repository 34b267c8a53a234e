package dev.leakgate.sample;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The story of DESIGN.md, the JVM way. Each request starts a worker thread that calls a slow
 * "scoring backend" and hands the result back over a {@link SynchronousQueue}, the JVM's unbuffered
 * channel, while the request waits with a timeout. With the thread leak the worker {@code put()}s:
 * once the request has given up, nobody ever takes, and the worker stays parked forever. The fix
 * {@code offer()}s: with nobody waiting, the result is dropped and the worker ends. The memory leak
 * keeps every call's payload in a map nothing ever clears, as an unbounded cache does.
 */
public final class ScoringService {
  /** Which bug the service has. */
  public enum Leak {
    /** A worker parked forever per timed-out call: the story. */
    THREADS,
    /** Each call's {@link #RETAINED_PER_CALL}-byte payload kept for good. */
    MEMORY,
    /** The fix. */
    NONE
  }

  /** As the Go, Node.js and Python test services keep: 48 MiB over 30 s at 100 calls a second. */
  public static final int RETAINED_PER_CALL = 16 * 1024;

  private final Leak leak;
  private final Map<Long, byte[]> retained = new ConcurrentHashMap<>();
  private final AtomicLong calls = new AtomicLong();
  private final Duration minLatency;
  private final Duration maxLatency;
  private final Duration timeout;

  public ScoringService(Leak leak, Duration minLatency, Duration maxLatency, Duration timeout) {
    this.leak = leak;
    this.minLatency = minLatency;
    this.maxLatency = maxLatency;
    this.timeout = timeout;
  }

  /** The score, or null when the backend did not answer within the timeout. */
  public String recommend() throws InterruptedException {
    long call = calls.incrementAndGet();
    if (leak == Leak.MEMORY) {
      retained.put(call, new byte[RETAINED_PER_CALL]);
    }
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
      if (leak == Leak.THREADS) {
        handoff.put(result);
      } else {
        handoff.offer(result);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
