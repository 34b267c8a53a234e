package dev.leakgate.load;

/**
 * A progress report during the load.
 *
 * @param rate requests sent per second over the last report interval
 * @param p50Ms median latency over the last report interval; NaN when nothing was answered
 * @param p99Ms 99th percentile over the last report interval; NaN when nothing was answered
 */
public record LoadProgress(
    double elapsedSeconds,
    double totalSeconds,
    long requests,
    long successes,
    long errors,
    long dropped,
    long inFlight,
    double rate,
    double p50Ms,
    double p99Ms) {}
