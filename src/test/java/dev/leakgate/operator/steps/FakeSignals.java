package dev.leakgate.operator.steps;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leakgate.prometheus.PrometheusException;
import dev.leakgate.prometheus.Recorder;
import dev.leakgate.recording.InvalidRecordingException;
import dev.leakgate.recording.Recording;
import dev.leakgate.recording.RecordingJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Prometheus for step tests: answers each request with a recording made for it (data up to the
 * request's end, as a real range query would), or fails as told. The real client is tested against
 * a real Prometheus in PrometheusClientIT and OperatorIT.
 */
final class FakeSignals implements SignalSource {
  final List<Recorder.Request> requests = new ArrayList<>();
  private final Function<Recorder.Request, ObjectNode> answer;
  PrometheusException failure;

  /** Fails {@link #check} when set; checks are counted either way. */
  PrometheusException checkFailure;

  int checks;

  /** Answers {@link #record} for queries named here (custom signals); empty when unset. */
  Function<List<Recorder.ResolvedQuery>, ObjectNode> recordAnswer;

  final List<List<Recorder.ResolvedQuery>> recorded = new ArrayList<>();

  FakeSignals(Function<Recorder.Request, ObjectNode> answer) {
    this.answer = answer;
  }

  @Override
  public void check(Instant now) throws PrometheusException {
    checks++;
    if (checkFailure != null) {
      throw checkFailure;
    }
  }

  @Override
  public Recording resolve(Recorder.Request request) throws PrometheusException {
    return typed(respond(request));
  }

  @Override
  public Recording record(List<Recorder.ResolvedQuery> queries, Recorder.Request request)
      throws PrometheusException {
    recorded.add(queries);
    ObjectNode recording = respond(request);
    return typed(recordAnswer == null ? recording : recordAnswer.apply(queries));
  }

  /** The tests write their answers as recording files; a source answers typed. */
  private static Recording typed(ObjectNode json) {
    try {
      return RecordingJson.parse(json);
    } catch (InvalidRecordingException e) {
      throw new IllegalArgumentException("a test's recording at " + e.field() + ": " + e, e);
    }
  }

  private ObjectNode respond(Recorder.Request request) throws PrometheusException {
    requests.add(request);
    if (failure != null) {
      throw failure;
    }
    return answer.apply(request);
  }
}
