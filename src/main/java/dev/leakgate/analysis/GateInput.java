package dev.leakgate.analysis;

import java.time.Instant;
import java.util.List;

/** Everything the verdict engine needs: when the load ran, the settings, and the data. */
public record GateInput(
    Instant loadStart, Instant loadEnd, GateSettings settings, List<SignalInput> signals) {
  public GateInput {
    if (loadEnd.isBefore(loadStart)) {
      throw new IllegalArgumentException("load end is before load start");
    }
    signals = List.copyOf(signals);
  }

  double loadStartSeconds() {
    return Instants.toSeconds(loadStart);
  }

  double loadEndSeconds() {
    return Instants.toSeconds(loadEnd);
  }
}
