package dev.leakgate.operator.steps;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leakgate.analysis.GateVerdict;
import dev.leakgate.analysis.Reason;
import dev.leakgate.gate.LoadVerdicts;
import dev.leakgate.load.LoadSummary;
import dev.leakgate.operator.model.ErrorReason;
import dev.leakgate.operator.model.LeakGateStatus;
import dev.leakgate.operator.model.Phase;
import dev.leakgate.report.LoadReport;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Loading: creates the load Job once, then waits for it to end (its changes also trigger a
 * reconcile). A failed Job, or a built-in load that delivered no successful request, ends the gate
 * Inconclusive: a load that did not happen tested nothing, so it can never pass. A Job whose pod
 * the API server refuses (a missing ServiceAccount, a quota) would retry silently until its
 * deadline: the gate checks the ServiceAccount before creating the Job, and ends in Error as soon
 * as the Job controller reports the refusal, deleting the Job so that it never loads the target
 * later.
 */
public final class LoadingStep implements PhaseStep {
  private static final Duration POLL = Duration.ofSeconds(15);

  /** While the Job has no pod, its refusal is looked for more often. */
  private static final Duration STARTING_POLL = Duration.ofSeconds(5);

  private static final java.util.regex.Pattern MISSING_ACCOUNT =
      java.util.regex.Pattern.compile("serviceaccount \"([^\"]+)\" not found");

  /** A Job just created may take a moment to show in the informer's cache. */
  private static final Duration CACHE_GRACE = Duration.ofSeconds(30);

  private final ClusterView cluster;
  private final LoadJobs jobs;
  private final ObjectMapper mapper = new ObjectMapper();

  LoadingStep(ClusterView cluster, LoadJobs jobs) {
    this.cluster = cluster;
    this.jobs = jobs;
  }

  @Override
  public Progress run(Gate gate) {
    LeakGateStatus status = gate.status();
    String name = LoadJobs.name(gate);
    if (status.load == null) {
      io.fabric8.kubernetes.api.model.batch.v1.Job job;
      try {
        job = jobs.build(gate);
      } catch (LoadJobs.RefusedException e) {
        return Outcomes.error(gate, ErrorReason.LoadJobRefused, e.getMessage());
      }
      String account = LoadJobs.serviceAccount(job);
      if (!cluster.serviceAccountExists(gate.namespace(), account)) {
        return Outcomes.error(
            gate, ErrorReason.LoadServiceAccountMissing, missingAccount(gate, account));
      }
      cluster.createJob(job);
      status.load = LeakGateStatus.LoadStatus.running(name);
      status.loadStartedAt = gate.now().toString();
      status.message = "load Job " + name + " started";
      return Progress.waitFor(POLL);
    }
    Optional<ClusterView.LoadJob> job = cluster.loadJob(gate.namespace(), name);
    if (job.isEmpty()) {
      if (gate.now().isBefore(Gate.time(status.loadStartedAt).plus(CACHE_GRACE))) {
        return Progress.waitFor(Duration.ofSeconds(2));
      }
      status.loadFinishedAt = gate.now().toString();
      status.load = withOutcome(status.load, "Failed", "the Job was deleted before it ended");
      return Outcomes.decide(
          gate,
          Phase.Inconclusive,
          Reason.LOAD_FAILED.code(),
          "load Job " + name + " disappeared before it ended, so the load's effect is unknown");
    }
    ClusterView.LoadJob result = job.get();
    if (result.outcome() == ClusterView.LoadJob.Outcome.Starting) {
      if (result.podRefused().isPresent()) {
        return refused(gate, name, result.podRefused().get());
      }
      status.message = "load Job " + name + " created, waiting for its pod";
      return Progress.waitFor(STARTING_POLL);
    }
    if (result.outcome() == ClusterView.LoadJob.Outcome.Running) {
      status.message = "load Job " + name + " running";
      return Progress.waitFor(POLL);
    }
    status.loadFinishedAt = result.finishedAt().orElse(gate.now()).toString();
    Optional<LoadSummary> summary = summary(result);
    status.load = loadStatus(name, result, summary);
    if (result.outcome() == ClusterView.LoadJob.Outcome.Failed) {
      return Outcomes.decide(
          gate,
          Phase.Inconclusive,
          Reason.LOAD_FAILED.code(),
          "load Job "
              + name
              + " failed ("
              + (result.reason() == null ? "Failed" : result.reason())
              + (result.message() == null ? "" : ": " + result.message())
              + ")"
              + summary.map(s -> "; " + LoadReport.oneLine(s)).orElse(""));
    }
    if (summary.isPresent() && !summary.get().delivered()) {
      GateVerdict nothing = LoadVerdicts.testedNothing(summary.get(), List.of());
      return Outcomes.decide(
          gate, Phase.of(nothing.verdict()), nothing.reason().code(), nothing.message());
    }
    return Outcomes.moveTo(
        gate,
        Phase.Recovering,
        "load done"
            + summary.map(s -> ": " + LoadReport.oneLine(s)).orElse("")
            + "; watching recovery");
  }

  private Progress refused(Gate gate, String job, String refusal) {
    cluster.deleteJob(gate.namespace(), job);
    LeakGateStatus status = gate.status();
    status.load = withOutcome(status.load, "Failed", refusal);
    var account = MISSING_ACCOUNT.matcher(refusal);
    if (account.find()) {
      return Outcomes.error(
          gate, ErrorReason.LoadServiceAccountMissing, missingAccount(gate, account.group(1)));
    }
    return Outcomes.error(
        gate,
        ErrorReason.LoadPodRefused,
        "the API server refused load Job " + job + "'s pod, so the Job was deleted: " + refusal);
  }

  private static String missingAccount(Gate gate, String account) {
    return "ServiceAccount "
        + account
        + " not found in namespace "
        + gate.namespace()
        + ": load pods run as it ("
        + (gate.plan().httpLoad().isPresent()
            ? "leakgate.load.service-account, the chart's load.serviceAccount"
            : "spec.load.jobTemplate.template.spec.serviceAccountName, or the operator's"
                + " leakgate.load.service-account")
        + "); create it in "
        + gate.namespace()
        + ", or run the gate where it exists";
  }

  /** The built-in generator's summary, from the load container's termination message. */
  private Optional<LoadSummary> summary(ClusterView.LoadJob job) {
    if (job.terminationMessage().isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(mapper.readValue(job.terminationMessage().get(), LoadSummary.class));
    } catch (java.io.IOException e) {
      // A jobTemplate's own tool writes whatever it likes there; it is not ours to read.
      return Optional.empty();
    }
  }

  private static LeakGateStatus.LoadStatus loadStatus(
      String name, ClusterView.LoadJob job, Optional<LoadSummary> summary) {
    String outcome =
        job.outcome() == ClusterView.LoadJob.Outcome.Succeeded
            ? "Succeeded"
            : "DeadlineExceeded".equals(job.reason()) ? "DeadlineExceeded" : "Failed";
    return new LeakGateStatus.LoadStatus(
        name,
        outcome,
        job.message(),
        summary.map(LoadSummary::requests).orElse(null),
        summary.map(LoadSummary::successes).orElse(null),
        summary.map(LoadSummary::achievedRate).orElse(null),
        summary.map(LoadSummary::dropped).orElse(null),
        summary.map(LoadSummary::errors).orElse(null));
  }

  private static LeakGateStatus.LoadStatus withOutcome(
      LeakGateStatus.LoadStatus load, String outcome, String message) {
    return new LeakGateStatus.LoadStatus(
        load.job(), outcome, message, null, null, null, null, null);
  }
}
