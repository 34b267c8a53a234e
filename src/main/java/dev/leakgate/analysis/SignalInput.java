package dev.leakgate.analysis;

import java.util.List;
import java.util.Optional;

/**
 * One signal of a gate with its per-pod series.
 *
 * @param tolerance the band; for kinds other than {@code count}, fields the user left out are
 *     already filled with the kind's defaults
 * @param collections a raw heap gauge's garbage-collection counter, per pod (by the same pod
 *     names); empty for other signals and where the runtime's counter was not read
 * @param upperBounds a post-GC heap gauge's bound from above between collections (the pool's
 *     current usage, garbage included), per pod; empty where it was not read
 */
public record SignalInput(
    String name,
    SignalKind kind,
    boolean gating,
    Tolerance tolerance,
    List<Series> series,
    List<Series> collections,
    List<Series> upperBounds) {
  public SignalInput {
    series = List.copyOf(series);
    collections = List.copyOf(collections);
    upperBounds = List.copyOf(upperBounds);
  }

  public SignalInput(
      String name, SignalKind kind, boolean gating, Tolerance tolerance, List<Series> series) {
    this(name, kind, gating, tolerance, series, List.of(), List.of());
  }

  /** The collection counter of one pod, if it was read. */
  Optional<Series> collectionsOf(String pod) {
    return collections.stream().filter(c -> c.pod().equals(pod)).findFirst();
  }

  /** The upper bound of one pod, if it was read. */
  Optional<Series> upperBoundOf(String pod) {
    return upperBounds.stream().filter(c -> c.pod().equals(pod)).findFirst();
  }
}
