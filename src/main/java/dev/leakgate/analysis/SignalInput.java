package dev.leakgate.analysis;

import java.util.List;

/**
 * One signal of a gate with its per-pod series.
 *
 * @param tolerance the band; for kinds other than {@code count}, fields the user left out are
 *     already filled with the kind's defaults
 */
public record SignalInput(
    String name, SignalKind kind, boolean gating, Tolerance tolerance, List<Series> series) {
  public SignalInput {
    series = List.copyOf(series);
  }
}
