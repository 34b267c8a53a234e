package dev.leakgate.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything a gate needs to resume: an operator that restarts at any moment reads its phase and
 * times here and reaches the same verdict. Times are RFC 3339 strings, as Kubernetes writes them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LeakGateStatus {
  @JsonPropertyDescription(
      "Pending, Baseline, Loading, Recovering, then Passed, Failed, Inconclusive or Error.")
  public Phase phase;

  @JsonPropertyDescription("The spec generation this status describes.")
  public Long observedGeneration;

  @JsonPropertyDescription("What the gate is doing, or why it ended, in one line.")
  public String message;

  @JsonPropertyDescription("When the operator first saw the gate (Pending started).")
  public String startedAt;

  @JsonPropertyDescription("When the current phase began.")
  public String phaseStartedAt;

  @JsonPropertyDescription("Start of the baseline window.")
  public String baselineStartedAt;

  @JsonPropertyDescription(
      "Measured: the gate waited out the window before the load. History: the pods were older"
          + " than the window, so the baseline is the window just before the gate began.")
  public String baselineSource;

  @JsonPropertyDescription("When the load Job was created.")
  public String loadStartedAt;

  @JsonPropertyDescription("When the load Job ended: the start of recovery.")
  public String loadFinishedAt;

  @JsonPropertyDescription("When the gate reached its final phase.")
  public String finishedAt;

  @JsonPropertyDescription("The target's pods when the baseline began: the pods judged.")
  public List<PodRef> pods = new ArrayList<>();

  @JsonPropertyDescription("Each signal's PromQL as resolved for these pods.")
  public List<ResolvedQuery> queries = new ArrayList<>();

  @JsonPropertyDescription("The load Job and its result.")
  public LoadStatus load;

  @JsonPropertyDescription("Each signal on each pod against its band, as in leakgate judge.")
  public List<SignalStatus> signals = new ArrayList<>();

  @JsonPropertyDescription("Passed, Failed or Inconclusive once decided.")
  public String verdict;

  @JsonPropertyDescription("The verdict's reason code (docs/reason-codes.md).")
  public String reason;

  @JsonPropertyDescription(
      "Complete (True in every final phase, Error included) and Passed (True for a pass, or an"
          + " Inconclusive under inconclusive: Allow).")
  public List<Condition> conditions = new ArrayList<>();

  /** A pod judged by the gate. */
  public record PodRef(
      @JsonPropertyDescription("The pod's name.") String name,
      @JsonPropertyDescription("The pod's UID: a replaced pod of the same name is another pod.")
          String uid) {}

  /** One signal's query. */
  public record ResolvedQuery(
      @JsonPropertyDescription("The signal's name (jvm-threads, go-goroutines...).") String signal,
      @JsonPropertyDescription("threads, goroutines, fds, heap, memory, count, restarts...")
          String kind,
      @JsonPropertyDescription("The PromQL read for it.") String query,
      @JsonInclude(JsonInclude.Include.NON_NULL)
          @JsonPropertyDescription(
              "For a raw heap gauge: the PromQL of the runtime's garbage-collection counter read"
                  + " beside it, so that the heap is judged at its collections.")
          String collections,
      @JsonInclude(JsonInclude.Include.NON_NULL)
          @JsonPropertyDescription(
              "For a post-GC heap gauge: the PromQL of the gauge that bounds its live data from"
                  + " above between collections (the pool's usage, garbage included).")
          String upperBound) {

    public ResolvedQuery(String signal, String kind, String query) {
      this(signal, kind, query, null, null);
    }
  }

  /** The load Job and, for the built-in load, the generator's own summary. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record LoadStatus(
      @JsonPropertyDescription("The Job's name.") String job,
      @JsonPropertyDescription("Running, Succeeded, Failed or DeadlineExceeded.") String outcome,
      @JsonPropertyDescription("The Job's own message when it failed.") String jobMessage,
      @JsonPropertyDescription("Requests sent by the built-in generator.") Long requests,
      @JsonPropertyDescription("Requests answered with 2xx or 3xx.") Long successes,
      @JsonPropertyDescription("Requests per second achieved.") Double achievedRate,
      @JsonPropertyDescription("Arrivals dropped because maxInFlight was reached.") Long dropped,
      @JsonPropertyDescription("Failed requests by kind (http-5xx, timeout, connect...).")
          Map<String, Long> errors) {

    public static LoadStatus running(String job) {
      return new LoadStatus(job, "Running", null, null, null, null, null, null);
    }
  }

  /** One signal on one pod. Numbers are left out where they could not be computed. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SignalStatus(
      @JsonPropertyDescription("The signal's name.") String name,
      @JsonPropertyDescription("The pod.") String pod,
      @JsonPropertyDescription("The signal's kind.") String kind,
      @JsonPropertyDescription("False: reported as a warning only, never fails the gate.")
          Boolean gating,
      @JsonPropertyDescription("Recovered, Leak, Warn or Inconclusive (so far, while recovering).")
          String result,
      @JsonPropertyDescription("Median of the baseline window.") Double baseline,
      @JsonPropertyDescription("The top of the band.") Double allowed,
      @JsonPropertyDescription("Highest value since the load began.") Double peak,
      @JsonPropertyDescription("The judged level (median of the recent window).") Double level,
      @JsonPropertyDescription("The latest value.") Double last,
      @JsonPropertyDescription(
              "The judged trend at the end, per hour (absent when it could not be fitted).")
          Double slopePerHour,
      @JsonPropertyDescription("The reason code (docs/reason-codes.md).") String reason,
      @JsonPropertyDescription("The reason in words, with the numbers.") String message) {}
}
