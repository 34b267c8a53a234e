package dev.leakgate.operator.steps;

import dev.leakgate.prometheus.PrometheusException;
import dev.leakgate.prometheus.Recorder;
import dev.leakgate.recording.Recording;
import java.time.Instant;
import java.util.List;

/** A gate's signals as recordings, from Prometheus in the cluster. */
public interface SignalSource {

  /**
   * Whether Prometheus answers at all, within about 15 s (3 tries).
   *
   * @throws PrometheusException naming Prometheus and what went wrong
   */
  void check(Instant now) throws PrometheusException;

  /**
   * Finds the naming of each signal that has series for the pods and records the range.
   *
   * @throws PrometheusException when Prometheus fails, or a required signal has no series
   */
  Recording resolve(Recorder.Request request) throws PrometheusException;

  /** Records the range for queries resolved before. */
  Recording record(List<Recorder.ResolvedQuery> queries, Recorder.Request request)
      throws PrometheusException;

  /** The gate's own Prometheus settings can't be used (a Secret or a key it names is missing). */
  final class ConfigException extends Exception {
    public ConfigException(String message) {
      super(message);
    }
  }
}
