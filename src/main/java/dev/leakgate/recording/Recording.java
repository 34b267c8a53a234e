package dev.leakgate.recording;

import dev.leakgate.analysis.GateInput;
import dev.leakgate.analysis.GateSettings;
import dev.leakgate.analysis.SignalKind;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A recording as data (docs/recording-format.md): when the load ran, the gate's settings, and each
 * signal's series per pod with where they came from. {@code record}, {@code run} and the operator
 * build one and judge it; JSON exists only where one is saved or read ({@link RecordingJson}).
 *
 * @param recordedUntil when the data was read, which a replay evaluates up to
 */
public record Recording(
    Instant loadStart,
    Instant loadEnd,
    Optional<Instant> recordedUntil,
    GateSettings settings,
    List<RecordedSignal> signals) {
  public Recording {
    signals = List.copyOf(signals);
  }

  public Recording withSignals(List<RecordedSignal> replaced) {
    return new Recording(loadStart, loadEnd, recordedUntil, settings, replaced);
  }

  /** The first signal without any series, if one has none. */
  public Optional<RecordedSignal> firstWithoutSeries() {
    return signals.stream().filter(s -> s.data().isEmpty()).findFirst();
  }

  /**
   * What every recording must hold to be judged, whoever made it; each problem named by the field
   * it would have in the file.
   */
  public Recording validated() throws InvalidRecordingException {
    checkLoadOrder(loadStart, loadEnd);
    if (signals.isEmpty()) {
      throw new InvalidRecordingException("signals", "needs a non-empty array of signals");
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < signals.size(); i++) {
      RecordedSignal signal = signals.get(i);
      String path = "signals[" + i + "]";
      if (signal.kind() == SignalKind.COUNT && signal.tolerance().isEmpty()) {
        throw new InvalidRecordingException(
            path + ".tolerance",
            "a custom 'count' signal needs a tolerance (relative and/or absolute)");
      }
      checkSeries(signal.data(), path + ".data");
      checkCompanion(signal, signal.collections(), path + ".collections", "collection counter");
      checkCompanion(signal, signal.upperBound(), path + ".upperBound", "upper bound");
      if (!names.add(signal.name())) {
        throw new InvalidRecordingException(
            path + ".name", "signal name '" + signal.name() + "' appears twice");
      }
    }
    if (recordedUntil.isPresent() && recordedUntil.get().isBefore(loadEnd)) {
      throw new InvalidRecordingException(
          "recordedUntil", "recorded until " + recordedUntil.get() + ", before the load end");
    }
    return this;
  }

  private static void checkCompanion(
      RecordedSignal signal, Optional<RecordedSignal.Companion> companion, String path, String what)
      throws InvalidRecordingException {
    if (companion.isEmpty()) {
      return;
    }
    checkCompanionKind(signal.kind(), path, what);
    checkSeries(companion.get().data(), path + ".data");
  }

  /** A load ends after it starts; a file says so before anything else is wrong with it. */
  static void checkLoadOrder(Instant loadStart, Instant loadEnd) throws InvalidRecordingException {
    if (loadEnd.isBefore(loadStart)) {
      throw new InvalidRecordingException(
          "loadEnd", "load end " + loadEnd + " is before load start " + loadStart);
    }
  }

  /** Only a heap signal is judged with companion series. */
  static void checkCompanionKind(SignalKind kind, String path, String what)
      throws InvalidRecordingException {
    if (!kind.isHeap()) {
      throw new InvalidRecordingException(
          path, "only a heap signal has a " + what + ", this one is '" + kind.id() + "'");
    }
  }

  private static void checkSeries(Matrix data, String path) throws InvalidRecordingException {
    if (data.isEmpty()) {
      throw new InvalidRecordingException(
          path + ".result", "has no series: the signal has no data");
    }
    Set<String> pods = new HashSet<>();
    for (int i = 0; i < data.result().size(); i++) {
      String pod = data.result().get(i).pod();
      if (!pods.add(pod)) {
        throw new InvalidRecordingException(
            path + ".result[" + i + "].metric", "pod '" + pod + "' has two series in this signal");
      }
    }
  }

  /** The verdict engine's input, from a {@link #validated} recording. */
  public GateInput toInput() {
    return new GateInput(
        loadStart,
        loadEnd,
        settings,
        signals.stream().map(RecordedSignal::toInput).toList(),
        recordedUntil);
  }
}
