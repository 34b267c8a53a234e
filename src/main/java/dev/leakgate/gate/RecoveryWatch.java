package dev.leakgate.gate;

import dev.leakgate.analysis.GateInput;
import dev.leakgate.analysis.GateSettings;
import dev.leakgate.analysis.GateVerdict;
import dev.leakgate.analysis.Reason;
import dev.leakgate.analysis.SignalVerdict;
import dev.leakgate.analysis.Verdict;
import dev.leakgate.analysis.VerdictEngine;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Watching recovery after the load: each look hands in what the host could read at that time, and
 * gets back whether the gate is decided, still watching, or retrying a read. The engine replays its
 * evaluations from the data alone, so a host that restarts mid-recovery (the operator) looks again
 * and reaches the same verdict.
 *
 * <p>The rules about time, the same in both hosts:
 *
 * <ul>
 *   <li>the <b>deadline</b> is the recovery timeout after the load's end plus two sampling steps,
 *       for the last scrapes before the timeout to land in the data; at the deadline the engine
 *       judges what it has;
 *   <li>signals that cannot be read are retried at every look; when they still cannot be read
 *       <b>two looks after the deadline</b>, the gate ends {@code Inconclusive} ({@code
 *       PrometheusUnavailable}): a Prometheus restart of a look or two costs nothing, an outage
 *       never passes.
 * </ul>
 */
public final class RecoveryWatch {
  private final Duration timeout;
  private final Duration step;
  private final Duration every;
  private final VerdictEngine engine = new VerdictEngine();

  /**
   * @param step the sampling step of the data: the scrape interval, or the query step
   * @param every how often the host looks
   */
  public RecoveryWatch(GateSettings settings, Duration step, Duration every) {
    this.timeout = settings.recovery().timeout();
    this.step = step;
    this.every = every;
  }

  /** What one look found. */
  public sealed interface Look {
    /** The gate is decided: its verdict, with every signal's evidence where it was read. */
    record Decided(GateVerdict verdict) implements Look {}

    /** Not yet: where each signal stands now. */
    record Watching(List<SignalVerdict> standing) implements Look {}

    /** The signals could not be read; the host looks again after {@link #every()}. */
    record Retrying(String why) implements Look {}
  }

  /** How often the host looks. */
  public Duration every() {
    return every;
  }

  /** When the engine judges what it has. */
  public Instant deadline(Instant loadEnd) {
    return loadEnd.plus(timeout).plus(step.multipliedBy(2));
  }

  /** When signals that still cannot be read end the gate. */
  public Instant giveUp(Instant loadEnd) {
    return deadline(loadEnd).plus(every.multipliedBy(2));
  }

  /** A look at signals read from the baseline start to {@code now}. */
  public Look read(GateInput input, Instant loadEnd, Instant now) {
    VerdictEngine.Standing standing = engine.standing(input, now);
    Optional<GateVerdict> verdict = standing.verdict();
    if (verdict.isEmpty() && !now.isBefore(deadline(loadEnd))) {
      verdict = Optional.of(engine.judge(input));
    }
    return verdict
        .<Look>map(Look.Decided::new)
        .orElseGet(() -> new Look.Watching(standing.signals()));
  }

  /** A look at which the signals could not be read, for the reason given. */
  public Look unreadable(String why, Instant loadEnd, Instant now) {
    if (now.isBefore(giveUp(loadEnd))) {
      return new Look.Retrying(why);
    }
    return new Look.Decided(
        new GateVerdict(
            Verdict.INCONCLUSIVE,
            Reason.PROMETHEUS_UNAVAILABLE,
            "could not read the signals by the recovery deadline and two looks after it: " + why,
            Duration.between(loadEnd, now).toSeconds(),
            List.of()));
  }
}
