package dev.leakgate.load;

import io.vertx.core.AsyncResult;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Counters and latencies of one load, written by many threads. Latencies go into an HdrHistogram
 * {@link Recorder}, whose interval histograms give recent percentiles for progress lines and add up
 * to the whole run's.
 */
final class LoadStats {
  private final LongAdder requests = new LongAdder();
  private final LongAdder requestsAfterRampUp = new LongAdder();
  private final LongAdder successes = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final Map<ErrorKind, LongAdder> errors = new EnumMap<>(ErrorKind.class);
  private final Recorder recorder = new Recorder(3);
  private final Histogram total = new Histogram(3);
  private Histogram interval;

  LoadStats() {
    for (ErrorKind kind : ErrorKind.values()) {
      errors.put(kind, new LongAdder());
    }
  }

  void sent(boolean afterRampUp) {
    requests.increment();
    if (afterRampUp) {
      requestsAfterRampUp.increment();
    }
  }

  void drop() {
    dropped.increment();
  }

  /** Counts how one exchange ended: its status and latency, or why it failed. */
  void ended(AsyncResult<Integer> exchange, long latencyNanos) {
    if (exchange.succeeded()) {
      answered(exchange.result(), latencyNanos);
    } else {
      errors.get(ErrorKind.of(exchange.cause())).increment();
    }
  }

  private void answered(int status, long latencyNanos) {
    recorder.recordValue(Math.max(1, latencyNanos / 1000));
    if (status < 400) {
      successes.increment();
    } else {
      errors.get(ErrorKind.ofStatus(status)).increment();
    }
  }

  long requests() {
    return requests.sum();
  }

  long requestsAfterRampUp() {
    return requestsAfterRampUp.sum();
  }

  long successes() {
    return successes.sum();
  }

  long dropped() {
    return dropped.sum();
  }

  long errorCount() {
    return errors.values().stream().mapToLong(LongAdder::sum).sum();
  }

  Map<String, Long> errorsById() {
    Map<String, Long> out = new LinkedHashMap<>();
    errors.forEach(
        (kind, count) -> {
          if (count.sum() > 0) {
            out.put(kind.id(), count.sum());
          }
        });
    return out;
  }

  /**
   * Moves the latencies recorded since the last call into the total and returns them. Called from
   * one thread at a time (the progress thread, then the end of the run).
   */
  synchronized Histogram drainInterval() {
    interval = recorder.getIntervalHistogram(interval);
    total.add(interval);
    return interval;
  }

  synchronized LoadSummary.Latency latency() {
    drainInterval();
    if (total.getTotalCount() == 0) {
      return new LoadSummary.Latency(0, 0, 0, 0, 0);
    }
    return new LoadSummary.Latency(
        millis(total.getValueAtPercentile(50)),
        millis(total.getValueAtPercentile(90)),
        millis(total.getValueAtPercentile(99)),
        millis(total.getMaxValue()),
        Math.round(total.getMean()) / 1000.0);
  }

  static double millis(long micros) {
    return micros / 1000.0;
  }
}
