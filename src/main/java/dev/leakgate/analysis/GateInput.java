package dev.leakgate.analysis;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything the verdict engine needs: when the load ran, the settings, and the data.
 *
 * @param recordedUntil when the data was read, if known: a live gate judged it at that time, and
 *     Prometheus may not yet have had a sample from the last scrape interval before it
 */
public record GateInput(
    Instant loadStart,
    Instant loadEnd,
    GateSettings settings,
    List<SignalInput> signals,
    Optional<Instant> recordedUntil) {
  public GateInput {
    if (loadEnd.isBefore(loadStart)) {
      throw new IllegalArgumentException("load end is before load start");
    }
    signals = List.copyOf(signals);
  }

  public GateInput(
      Instant loadStart, Instant loadEnd, GateSettings settings, List<SignalInput> signals) {
    this(loadStart, loadEnd, settings, signals, Optional.empty());
  }

  double loadStartSeconds() {
    return Instants.toSeconds(loadStart);
  }

  double loadEndSeconds() {
    return Instants.toSeconds(loadEnd);
  }
}
