package dev.leakgate.prometheus;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leakgate.analysis.GateSettings;
import dev.leakgate.analysis.SignalKind;
import dev.leakgate.recording.InvalidRecordingException;
import dev.leakgate.recording.Matrix;
import dev.leakgate.recording.RecordedSignal;
import dev.leakgate.recording.Recording;
import dev.leakgate.recording.RecordingJson;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads a gate's signals from Prometheus into a recording (docs/recording-format.md), which {@code
 * leakgate judge} replays. Each signal keeps its resolved query, so a verdict can be traced to
 * exactly what was asked.
 */
public final class Recorder {
  private final PrometheusClient client;

  public Recorder(PrometheusClient client) {
    this.client = client;
  }

  /** Whose signals to record: the pods of a namespace, and the preset signals asked for. */
  public record Target(
      String namespace, List<String> pods, List<Preset.Signal> signals, boolean auto) {}

  /** The range to record, from the baseline's start to now, and when the load ran within it. */
  public record Span(Instant from, Instant loadStart, Instant loadEnd, Instant to) {}

  /**
   * Whether a recording without any judged preset signal is an error: optional when the gate has
   * judged signals of its own besides (custom PromQL).
   */
  public enum PresetSignals {
    REQUIRED,
    OPTIONAL
  }

  /**
   * How preset signals are read: as the raw samples of their selectors (see {@link
   * PrometheusClient#rawSamples}), or through {@code query_range} at the request's step.
   */
  public enum Samples {
    RAW,
    QUERY_RANGE
  }

  /** What to record: whose signals, over which range, how, and the gate settings to write along. */
  public record Request(
      Target target,
      Span span,
      Duration step,
      GateSettings settings,
      PresetSignals presetSignals,
      Samples samples) {
    public String namespace() {
      return target.namespace();
    }

    public List<String> pods() {
      return target.pods();
    }

    public List<Preset.Signal> signals() {
      return target.signals();
    }

    public boolean auto() {
      return target.auto();
    }

    public Instant from() {
      return span.from();
    }

    public Instant loadStart() {
      return span.loadStart();
    }

    public Instant loadEnd() {
      return span.loadEnd();
    }

    public Instant to() {
      return span.to();
    }

    boolean presetRequired() {
      return presetSignals == PresetSignals.REQUIRED;
    }

    boolean rawSamples() {
      return samples == Samples.RAW;
    }
  }

  /** Raw samples are read an hour at a time, so no single answer grows without bound. */
  private static final Duration RAW_WINDOW = Duration.ofHours(1);

  /**
   * A signal's query as resolved for a gate's pods: the naming that had series.
   *
   * @param collections a raw heap's collection counter query, when its naming has one and it had
   *     series
   * @param upperBound a post-GC heap's bounding gauge query, likewise
   */
  public record ResolvedQuery(
      String signal,
      SignalKind kind,
      String query,
      Optional<String> collections,
      Optional<String> upperBound) {
    public ResolvedQuery(String signal, SignalKind kind, String query) {
      this(signal, kind, query, Optional.empty(), Optional.empty());
    }

    Optional<String> companion(Preset.Companion companion) {
      return companion == Preset.Companion.COLLECTIONS ? collections : upperBound;
    }
  }

  /**
   * @param log where notes go (a skipped evidence signal), never stdout
   * @throws PrometheusException when a query fails, or a judged signal matches no series (with
   *     auto: when no judged signal matches at all)
   */
  public Recording record(Request request, Consumer<String> log) throws PrometheusException {
    List<RecordedSignal> signals = new ArrayList<>();
    Map<String, Preset.Signal> unique = new LinkedHashMap<>();
    request.signals().forEach(s -> unique.putIfAbsent(s.name(), s));
    boolean auto = request.auto();
    int judged = 0;
    for (Preset.Signal signal : unique.values()) {
      Optional<Found> found = firstMatching(signal, request, log);
      if (found.isEmpty()) {
        String tried = PromQl.fill(signal.template(), request.namespace(), request.pods());
        if (signal.kind().isEvidence() || auto) {
          log.accept(
              "no "
                  + signal.name()
                  + " series under any naming, left out (tried "
                  + tried
                  + ", ...)");
          continue;
        }
        throw new PrometheusException(
            PrometheusException.Kind.EMPTY_RESULT,
            tried,
            signal.name()
                + " matched no series for pods "
                + request.pods()
                + " under any naming ("
                + String.join(", ", signal.variants().stream().map(Preset.Variant::flavor).toList())
                + ")");
      }
      if (!signal.kind().isEvidence()) {
        judged++;
      }
      RecordedSignal s =
          RecordedSignal.read(
              signal.name(),
              signal.kind(),
              found.get().query(),
              request.rawSamples(),
              found.get().data());
      for (Preset.Companion companion : Preset.Companion.values()) {
        Optional<Preset.Variant> naming = companion.of(found.get().variant());
        if (naming.isPresent()) {
          s = withCompanion(s, companion, read(naming.get(), request));
        }
      }
      signals.add(s);
    }
    if (judged == 0 && request.presetRequired()) {
      throw new PrometheusException(
          PrometheusException.Kind.EMPTY_RESULT,
          "(auto)",
          "no signal of any preset matched pods "
              + request.pods()
              + " in namespace "
              + request.namespace());
    }
    return recording(request, signals);
  }

  private static Recording recording(Request request, List<RecordedSignal> signals) {
    return new Recording(
        request.loadStart(),
        request.loadEnd(),
        Optional.of(request.to()),
        request.settings(),
        signals);
  }

  /**
   * Records queries resolved before (by {@link #record}, whose recording names them), so that a
   * gate reads the same series from its baseline to its verdict.
   */
  public Recording recordResolved(List<ResolvedQuery> queries, Request request)
      throws PrometheusException {
    List<RecordedSignal> signals = new ArrayList<>();
    for (ResolvedQuery query : queries) {
      Optional<Preset.Variant> preset =
          request.rawSamples() ? presetVariant(query, request) : Optional.empty();
      RecordedSignal s =
          RecordedSignal.read(
              query.signal(),
              query.kind(),
              query.query(),
              preset.isPresent(),
              preset.isPresent()
                  ? rawPerPod(preset.get(), request)
                  : queryRange(query.query(), request));
      // Only the companions the signal had when it was resolved.
      for (Preset.Companion companion : Preset.Companion.values()) {
        Optional<String> companionQuery = query.companion(companion);
        if (companionQuery.isEmpty()) {
          continue;
        }
        Optional<Preset.Variant> naming = preset.flatMap(companion::of);
        s =
            withCompanion(
                s,
                companion,
                naming.isPresent()
                    ? read(naming.get(), request)
                    : new Read(companionQuery.get(), queryRange(companionQuery.get(), request)));
      }
      signals.add(s);
    }
    return recording(request, signals);
  }

  /**
   * Writes a heap signal's companion series beside it when the runtime exports it for these pods.
   * The engine judges without it as before, so an empty answer is left out rather than an error.
   */
  private static RecordedSignal withCompanion(
      RecordedSignal signal, Preset.Companion companion, Read read) {
    if (read.data().isEmpty()) {
      return signal;
    }
    RecordedSignal.Companion series =
        new RecordedSignal.Companion(Optional.of(read.query()), read.data());
    return companion == Preset.Companion.COLLECTIONS
        ? signal.withCollections(series)
        : signal.withUpperBound(series);
  }

  /** A naming's PromQL for the request's pods and its answer. */
  private record Read(String query, Matrix data) {}

  /** {@code query_range} over the request's span, its answer's series read at this edge. */
  private Matrix queryRange(String query, Request request) throws PrometheusException {
    return matrix(query, client.queryRange(query, request.from(), request.to(), request.step()));
  }

  static Matrix matrix(String query, ObjectNode data) throws PrometheusException {
    try {
      return RecordingJson.matrix(data, "data");
    } catch (InvalidRecordingException e) {
      throw new PrometheusException(
          PrometheusException.Kind.BAD_RESPONSE,
          query,
          "the answer is not a range matrix: " + e.field() + " " + e.getMessage());
    }
  }

  /** Reads a naming as the request asks: raw samples, or {@code query_range} at its step. */
  private Read read(Preset.Variant variant, Request request) throws PrometheusException {
    String query = PromQl.fill(variant.template(), request.namespace(), request.pods());
    return new Read(
        query, request.rawSamples() ? rawPerPod(variant, request) : queryRange(query, request));
  }

  /**
   * The preset naming a resolved query was filled from, if it was one of the request's preset
   * signals: their raw samples can be read from the selector. A custom signal's PromQL can't.
   */
  private static Optional<Preset.Variant> presetVariant(ResolvedQuery query, Request request) {
    return request.signals().stream()
        .filter(s -> s.name().equals(query.signal()))
        .flatMap(s -> s.variants().stream())
        .filter(
            v ->
                PromQl.fill(v.template(), request.namespace(), request.pods())
                    .equals(query.query()))
        .findFirst();
  }

  private Matrix rawPerPod(Preset.Variant variant, Request request) throws PrometheusException {
    String selector = PromQl.fill(variant.selectorTemplate(), request.namespace(), request.pods());
    return RawSeries.perPod(
        matrix(selector, client.rawSamples(selector, request.from(), request.to(), RAW_WINDOW)),
        variant.aggregation());
  }

  /** The queries a recording of {@link #record} resolved, in its order. */
  public static List<ResolvedQuery> resolvedQueries(Recording recording) {
    return recording.signals().stream().map(Recorder::resolved).toList();
  }

  /** A recorded signal's queries, as they were resolved. */
  public static ResolvedQuery resolved(RecordedSignal signal) {
    return new ResolvedQuery(
        signal.name(),
        signal.kind(),
        signal.query().orElseThrow(),
        signal.collections().flatMap(RecordedSignal.Companion::query),
        signal.upperBound().flatMap(RecordedSignal.Companion::query));
  }

  private record Found(Preset.Variant variant, String query, Matrix data) {}

  /** The first naming of the signal that has series for these pods, said on the log. */
  private Optional<Found> firstMatching(Preset.Signal signal, Request request, Consumer<String> log)
      throws PrometheusException {
    for (Preset.Variant variant : signal.variants()) {
      Read read = read(variant, request);
      if (!read.data().isEmpty()) {
        if (signal.variants().size() > 1) {
          log.accept(signal.name() + ": " + variant.flavor() + " naming (" + read.query() + ")");
        }
        return Optional.of(new Found(variant, read.query(), read.data()));
      }
    }
    return Optional.empty();
  }
}
