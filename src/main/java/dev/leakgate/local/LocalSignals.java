package dev.leakgate.local;

import dev.leakgate.recording.Recording;
import java.time.Instant;
import java.util.Optional;

/** The target's signals for one local gate, however they are read. */
interface LocalSignals extends AutoCloseable {

  /** Starts reading (scraping) from now, so the baseline has data. */
  void start();

  /**
   * Why the source has not answered at all since the gate started, once that is reason to give up:
   * 3 failed tries, or 15 s without an answer. Checked during the baseline, so a wrong URL ends the
   * gate at once rather than after the whole window.
   */
  Optional<String> notAnswering(Instant start, Instant now);

  /** The latest value of each judged signal, for the progress line. */
  String latestValues();

  /**
   * At the end of the baseline: settles which signals are judged.
   *
   * @return the baseline's recording, as {@link #recording} would give it with the load starting
   *     and ending now (read once: with Prometheus, settling the signals reads them)
   * @throws LocalGateException when a required signal, or every signal, is missing
   */
  Optional<Recording> resolve(Instant baselineStart, Instant now) throws LocalGateException;

  /** The recording from the baseline start to now; empty when the source failed this time. */
  Optional<Recording> recording(
      Instant baselineStart, Instant loadStart, Instant loadEnd, Instant now);

  /** Why reading has been failing lately, if it has. */
  Optional<String> failing(Instant now);

  @Override
  void close();
}
