package dev.leakgate.recording;

import dev.leakgate.analysis.SignalInput;
import dev.leakgate.analysis.SignalKind;
import dev.leakgate.analysis.Tolerance;
import java.util.List;
import java.util.Optional;

/**
 * One signal of a recording: what it is, how it was read, its series per pod and, for a heap, the
 * companion series the engine judges it with.
 *
 * @param query the PromQL (or scrape) the data answers, for the reader; never judged
 * @param gating whether it decides the verdict; empty: its kind's default
 * @param tolerance its band; empty: its kind's
 * @param rawSamples read as scraped rather than through {@code query_range} at a step
 * @param collections a raw heap's garbage-collection counter
 * @param upperBound a post-GC heap's bounding gauge
 */
public record RecordedSignal(
    String name,
    SignalKind kind,
    Optional<String> query,
    Optional<Boolean> gating,
    Optional<Tolerance> tolerance,
    boolean rawSamples,
    Matrix data,
    Optional<Companion> collections,
    Optional<Companion> upperBound) {

  /** A heap signal's companion series and the query that read them. */
  public record Companion(Optional<String> query, Matrix data) {}

  /** A signal as a recorder reads it: its kind's gating and band, no companions yet. */
  public static RecordedSignal read(
      String name, SignalKind kind, String query, boolean rawSamples, Matrix data) {
    return new RecordedSignal(
        name,
        kind,
        Optional.of(query),
        Optional.empty(),
        Optional.empty(),
        rawSamples,
        data,
        Optional.empty(),
        Optional.empty());
  }

  /** The same signal judged with a gate's own gating and band (a custom signal's). */
  public RecordedSignal judgedWith(boolean gating, Optional<Tolerance> tolerance) {
    return new RecordedSignal(
        name,
        kind,
        query,
        Optional.of(gating),
        tolerance,
        rawSamples,
        data,
        collections,
        upperBound);
  }

  public RecordedSignal withCollections(Companion companion) {
    return new RecordedSignal(
        name, kind, query, gating, tolerance, rawSamples, data, Optional.of(companion), upperBound);
  }

  public RecordedSignal withUpperBound(Companion companion) {
    return new RecordedSignal(
        name,
        kind,
        query,
        gating,
        tolerance,
        rawSamples,
        data,
        collections,
        Optional.of(companion));
  }

  /** The engine's view: defaults applied, evidence never gating. */
  public SignalInput toInput() {
    return new SignalInput(
        name,
        kind,
        gating.orElse(kind.gatingByDefault()) && !kind.isEvidence(),
        tolerance.orElse(kind.defaultTolerance()),
        data.perPod(),
        collections.map(c -> c.data().perPod()).orElse(List.of()),
        upperBound.map(c -> c.data().perPod()).orElse(List.of()));
  }
}
