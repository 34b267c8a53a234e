package dev.leakgate.prometheus;

import dev.leakgate.analysis.SignalKind;
import dev.leakgate.recording.InvalidRecordingException;
import dev.leakgate.recording.RecordedSignal;
import dev.leakgate.recording.RecordingJson;
import java.util.List;
import java.util.Optional;

/**
 * A signal of the user's own PromQL (the operator's {@code spec.signals.custom}, {@code record
 * --query}): its kind, whether it gates, and its band as the recording format writes it
 * (docs/recording-format.md).
 *
 * @param query PromQL with {@code $namespace} and {@code $pods} still to fill
 * @param relative a percentage such as {@code 10%}, or null for the kind's
 * @param absolute a number or quantity such as {@code 5} or {@code 64Mi}, or null for the kind's
 */
public record CustomSignal(
    String name, String query, SignalKind kind, boolean gating, String relative, String absolute) {

  /** A relative band: {@code 10%}. Also the CRD's pattern, anchored. */
  public static final String PERCENT = "[0-9]+(\\.[0-9]+)?%";

  /** An absolute band: a number or a Kubernetes quantity. Also the CRD's pattern, anchored. */
  public static final String AMOUNT = "[0-9]+(\\.[0-9]+)?([KMGT]i?|[kmgt])?";

  /** The kinds a custom signal may have, for messages. */
  public static final String KINDS = "goroutines, threads, fds, handles, heap, memory, count";

  /** A kind a custom signal may have: any judged kind, no evidence kind. */
  public static Optional<SignalKind> judgedKind(String id) {
    return SignalKind.fromId(id == null ? "" : id).filter(k -> !k.isEvidence());
  }

  /** A count has no default band, so one of its own is required. */
  public boolean lacksRequiredBand() {
    return kind == SignalKind.COUNT && relative == null && absolute == null;
  }

  /** The query filled in for these pods, as the recorder reads it. */
  public Recorder.ResolvedQuery resolve(String namespace, List<String> pods) {
    return new Recorder.ResolvedQuery(name, kind, PromQl.fill(query, namespace, pods));
  }

  /** The recorded signal, judged with this signal's gating and band. */
  public RecordedSignal judge(RecordedSignal recorded) {
    if (relative == null && absolute == null) {
      return recorded.judgedWith(gating, Optional.empty());
    }
    try {
      return recorded.judgedWith(
          gating, Optional.of(RecordingJson.tolerance(kind, relative, absolute)));
    } catch (InvalidRecordingException e) {
      // The spec's patterns admit only bands that parse.
      throw new IllegalArgumentException(name + "'s band: " + e.getMessage(), e);
    }
  }
}
