package dev.leakgate.load;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * The built-in HTTP load generator (open or closed model, see {@link Arrivals}) on Vert.x's HTTP
 * client: Netty event loops keep thousands of requests in flight on one core. (The JDK's HttpClient
 * was measured first and reached about 2,000 requests/s on one core, where wrk reaches 60,000; see
 * docs/performance.md.)
 */
public final class LoadGenerator {
  private static final long DRAIN_EXTRA_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final int MAX_BATCH = 256;

  /**
   * The arrival thread sleeps at least this long between dispatches, so above 5,000/s arrivals go
   * to the event loop in batches instead of one wake-up (of both threads) each. On one core, one
   * wake-up per arrival left the event loop too little of the core: at 14,000/s the load collapsed
   * to 6,400/s; with this floor it holds 13,900/s and the ceiling rose from about 12,000/s to
   * 18,000/s. The wait is inside the measured latency, which counts from each arrival's due time
   * (p50 0.3 ms instead of 0.2 ms at 10,000/s; docs/performance.md).
   */
  private static final long MIN_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

  /**
   * How long the generator's own HTTP code runs against a server inside this JVM before the load:
   * long enough for the JIT to compile the request path (measured in docs/performance.md).
   */
  private static final Duration WARM_UP = Duration.ofMillis(1500);

  /**
   * Runs the load to its end and then waits for the requests still in flight (each ends by its own
   * timeout).
   *
   * @param progress called every {@code progressEvery} on a background thread
   * @throws InterruptedException when the calling thread is interrupted; the load stops
   */
  public LoadSummary run(LoadPlan plan, Duration progressEvery, Consumer<LoadProgress> progress)
      throws InterruptedException {
    int cores = Runtime.getRuntime().availableProcessors();
    Vertx vertx =
        Vertx.vertx(
            new VertxOptions()
                .setEventLoopPoolSize(cores)
                .setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1)
                // a Netty event loop never blocks here; the checker only costs a thread
                .setBlockedThreadCheckInterval(TimeUnit.HOURS.toMillis(1)));
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "leakgate-load-timer");
              t.setDaemon(true);
              return t;
            });
    try {
      ClientWarmUp.run(vertx, plan, WARM_UP);
      Run run = new Run(plan, vertx, cores, timer);
      run.warmUp();
      run.execute(progressEvery, progress);
      return run.summary();
    } finally {
      timer.shutdownNow();
      vertx.close();
    }
  }

  /** The state of one run. */
  private static final class Run {
    private final LoadPlan plan;
    private final ScheduledExecutorService timer;
    private final HttpClient client;
    private final RequestOptions request;
    private final Buffer body;
    private final LoadStats stats = new LoadStats();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final long durationNanos;
    private final long rampUpNanos;
    private final Context[] contexts;
    private volatile boolean stopped;
    private long start;
    private long end;
    // read and written only by progress(), which is synchronized
    private long lastProgressAt;
    private long lastProgressRequests;

    Run(LoadPlan plan, Vertx vertx, int eventLoops, ScheduledExecutorService timer) {
      this.plan = plan;
      this.timer = timer;
      this.durationNanos = plan.duration().toNanos();
      this.rampUpNanos = plan.rampUp().toNanos();
      int connections =
          plan.arrivals() instanceof Arrivals.Rate rate
              ? rate.maxInFlight()
              : ((Arrivals.Concurrency) plan.arrivals()).workers();
      long timeoutMillis = Math.max(1, plan.timeout().toMillis());
      this.client =
          vertx.createHttpClient(
              new HttpClientOptions()
                  .setKeepAlive(true)
                  .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis))
                  .setTrustAll(false),
              // one connection per request in flight: HTTP/1.1 without pipelining
              new PoolOptions()
                  .setHttp1MaxSize(connections)
                  .setEventLoopSize(eventLoops)
                  .setMaxWaitQueueSize(-1));
      this.request =
          new RequestOptions()
              .setMethod(HttpMethod.valueOf(plan.method()))
              .setAbsoluteURI(plan.url().toString())
              .setIdleTimeout(timeoutMillis);
      plan.headers().forEach(h -> request.addHeader(h.name(), h.value()));
      this.body = Buffer.buffer(plan.body());
      this.contexts = new Context[eventLoops];
      for (int k = 0; k < eventLoops; k++) {
        // from a thread outside Vert.x, each call makes a context on the next event loop
        contexts[k] = vertx.getOrCreateContext();
      }
    }

    /**
     * One request before the clock starts, not counted: it loads the HTTP stack's classes and opens
     * the first connection, which would otherwise stall the first arrivals of the measured load.
     */
    void warmUp() throws InterruptedException {
      CountDownLatch done = new CountDownLatch(1);
      contexts[0].runOnContext(
          v -> HttpExchange.send(client, request, body).onComplete(r -> done.countDown()));
      done.await(plan.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
    }

    void execute(Duration progressEvery, Consumer<LoadProgress> progress)
        throws InterruptedException {
      start = System.nanoTime();
      end = start + durationNanos;
      lastProgressAt = start;
      // Scheduled after the start is set, which the timer thread then reads.
      long every = Math.max(1, progressEvery.toNanos());
      timer.scheduleAtFixedRate(
          () -> progress.accept(progress()), every, every, TimeUnit.NANOSECONDS);
      try {
        if (plan.arrivals() instanceof Arrivals.Rate rate) {
          openModel(rate);
        } else if (plan.arrivals() instanceof Arrivals.Concurrency concurrency) {
          closedModel(concurrency);
        }
      } finally {
        stopped = true;
        drain();
      }
    }

    /**
     * One thread issues arrivals on schedule and never waits for an answer. Arrivals that are due
     * together go to an event loop as one task, round robin over the loops.
     */
    private void openModel(Arrivals.Rate rate) throws InterruptedException {
      ArrivalSchedule schedule = new ArrivalSchedule(rate.perSecond(), plan.rampUp());
      long[] batch = new long[MAX_BATCH];
      int loop = 0;
      long i = 0;
      while (true) {
        long offset = schedule.offsetNanos(i);
        if (offset >= durationNanos) {
          return;
        }
        long wait = start + offset - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(Math.max(wait, MIN_PARK_NANOS));
          if (Thread.interrupted()) {
            throw new InterruptedException("load interrupted");
          }
          continue;
        }
        long now = System.nanoTime();
        int n = 0;
        for (; n < MAX_BATCH; i++) {
          offset = schedule.offsetNanos(i);
          if (offset >= durationNanos || start + offset - now > 0) {
            break;
          }
          if (inFlight.get() >= rate.maxInFlight()) {
            stats.drop();
            continue;
          }
          inFlight.incrementAndGet();
          batch[n++] = start + offset;
        }
        if (n > 0) {
          long[] due = java.util.Arrays.copyOf(batch, n);
          // Latency counts from when each request was due, so falling behind shows up in it.
          contexts[loop++ % contexts.length].runOnContext(
              v -> {
                for (long d : due) {
                  send(d, () -> {});
                }
              });
        }
      }
    }

    /** Each worker sends its next request when the last one ends, until the duration is over. */
    private void closedModel(Arrivals.Concurrency concurrency) throws InterruptedException {
      CountDownLatch finished = new CountDownLatch(concurrency.workers());
      for (int k = 0; k < concurrency.workers(); k++) {
        long delay = rampUpNanos * k / concurrency.workers();
        Context context = contexts[k % contexts.length];
        timer.schedule(
            () -> context.runOnContext(v -> nextOf(finished)), delay, TimeUnit.NANOSECONDS);
      }
      try {
        finished.await();
      } finally {
        stopped = true;
      }
    }

    /** A closed-model worker's step; runs on an event loop (or the timer, for the first). */
    private void nextOf(CountDownLatch finished) {
      if (stopped || System.nanoTime() - end >= 0) {
        finished.countDown();
        return;
      }
      inFlight.incrementAndGet();
      send(System.nanoTime(), () -> nextOf(finished));
    }

    /** Sends one request already counted in flight; runs on an event loop. */
    private void send(long dueNanos, Runnable then) {
      stats.sent(dueNanos - start >= rampUpNanos);
      HttpExchange.send(client, request, body)
          .onComplete(
              done -> {
                stats.ended(done, System.nanoTime() - dueNanos);
                inFlight.decrementAndGet();
                then.run();
              });
    }

    /** Waits for the requests in flight; each ends by its own timeout. */
    private void drain() throws InterruptedException {
      long deadline = System.nanoTime() + plan.timeout().toNanos() + DRAIN_EXTRA_NANOS;
      while (inFlight.get() > 0 && System.nanoTime() - deadline < 0) {
        Thread.sleep(5);
      }
    }

    synchronized LoadProgress progress() {
      long now = System.nanoTime();
      long requests = stats.requests();
      double seconds = (now - lastProgressAt) / 1e9;
      long delta = requests - lastProgressRequests;
      lastProgressAt = now;
      lastProgressRequests = requests;
      Histogram recent = stats.drainInterval();
      boolean any = recent.getTotalCount() > 0;
      return new LoadProgress(
          Math.min(durationNanos, now - start) / 1e9,
          durationNanos / 1e9,
          requests,
          stats.successes(),
          stats.errorCount(),
          stats.dropped(),
          inFlight.get(),
          seconds > 0 ? delta / seconds : 0,
          any ? LoadStats.millis(recent.getValueAtPercentile(50)) : Double.NaN,
          any ? LoadStats.millis(recent.getValueAtPercentile(99)) : Double.NaN);
    }

    LoadSummary summary() {
      double steadySeconds = (durationNanos - rampUpNanos) / 1e9;
      double achieved =
          steadySeconds > 0
              ? stats.requestsAfterRampUp() / steadySeconds
              : stats.requests() / (durationNanos / 1e9);
      Double requestedRate = null;
      Integer concurrency = null;
      String model;
      if (plan.arrivals() instanceof Arrivals.Rate rate) {
        model = "open";
        requestedRate = rate.perSecond();
      } else {
        model = "closed";
        concurrency = ((Arrivals.Concurrency) plan.arrivals()).workers();
      }
      return new LoadSummary(
          plan.url().toString(),
          model,
          requestedRate,
          concurrency,
          durationNanos / 1e9,
          stats.requests(),
          stats.successes(),
          stats.errorsById(),
          stats.dropped(),
          Math.round(achieved * 100) / 100.0,
          stats.latency());
    }
  }
}
