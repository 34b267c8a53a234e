package dev.leakgate.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The verdict engine: replays a gate's evaluations the way the live gate makes them, at {@code
 * loadEnd + grace + k x interval}, each seeing only the samples up to its own time, until the gate
 * is decided or the recovery timeout is reached. Pure: no clock, no I/O, no Kubernetes.
 */
public final class VerdictEngine {

  /**
   * Judges a recording: evaluates as far as its data reaches (one scrape interval past the last
   * sample, or when it was recorded if that is later, so a live gate's recording replays to its
   * verdict), and answers Inconclusive with {@link Reason#RECORDING_ENDED} when the data ends
   * before a decision.
   */
  public GateVerdict judge(GateInput input) {
    Gate gate = new Gate(input);
    double dataEnd = gate.dataEnd();
    double horizon = dataEnd + gate.schedule.scrapeInterval;
    if (input.recordedUntil().isPresent()) {
      horizon = Math.max(horizon, Instants.toSeconds(input.recordedUntil().get()));
    }
    Optional<GateVerdict> verdict = gate.evaluateUntil(horizon);
    return verdict.orElseGet(() -> gate.recordingEnded(dataEnd));
  }

  /**
   * Evaluates a live gate up to {@code now}; empty while the gate is still undecided. Calling it
   * again later with more data replays the same evaluations, so a restarted caller decides the
   * same.
   */
  public Optional<GateVerdict> evaluate(GateInput input, java.time.Instant now) {
    return new Gate(input).evaluateUntil(Instants.toSeconds(now));
  }

  /**
   * At the baseline's end, before any load (the input's load starts and ends there): Inconclusive
   * {@link Reason#INSUFFICIENT_BASELINE} when a gating signal has too few baseline samples on some
   * pod. Nothing the load shows could be judged against that baseline, so running the load and the
   * whole recovery would only delay the same answer; empty when the load should run.
   */
  public Optional<GateVerdict> beforeLoad(GateInput input) {
    return new Gate(input).insufficientBaseline();
  }

  /**
   * Where a live gate stands at {@code now}, for progress displays: the verdict when decided, else
   * each signal's evidence so far, with undecided pods read as InBand, AboveBand or NotEvaluated.
   */
  public Standing standing(GateInput input, java.time.Instant now) {
    Gate gate = new Gate(input);
    double t = Instants.toSeconds(now);
    Optional<GateVerdict> verdict = gate.evaluateUntil(t);
    if (verdict.isPresent()) {
      return new Standing(verdict, verdict.get().signals());
    }
    return new Standing(Optional.empty(), gate.signalsAsOf(t));
  }

  /**
   * The shortest baseline window a gate scraped every {@code scrapeInterval} can be judged on:
   * enough scrapes for every judged signal, whatever their phase, or, with {@code heap}, for a heap
   * signal too (its first trough window is left out). Whole seconds.
   */
  public static java.time.Duration shortestBaseline(
      java.time.Duration scrapeInterval, java.time.Duration recoveryTimeout, boolean heap) {
    return java.time.Duration.ofSeconds(
        (long)
            Schedule.shortestBaseline(
                Instants.toSeconds(scrapeInterval), Instants.toSeconds(recoveryTimeout), heap));
  }

  /**
   * The shortest recovery timeout a gate scraped every {@code scrapeInterval} can be judged at, in
   * whole seconds; empty when the interval is too long for any (over 35 s).
   */
  public static Optional<java.time.Duration> shortestRecovery(java.time.Duration scrapeInterval) {
    double seconds = Schedule.shortestRecovery(Instants.toSeconds(scrapeInterval));
    return Double.isInfinite(seconds)
        ? Optional.empty()
        : Optional.of(java.time.Duration.ofSeconds((long) seconds));
  }

  /** A live gate's state: its verdict once decided, and its signals' evidence. */
  public record Standing(Optional<GateVerdict> verdict, List<SignalVerdict> signals) {
    public Standing {
      signals = List.copyOf(signals);
    }
  }

  /** One gate's judges and the loop over its evaluation times. */
  private static final class Gate {
    private final Schedule schedule;
    private final List<SignalInput> signals;
    private final List<PodSignalJudge> judges = new ArrayList<>();
    private final Map<String, List<Series>> seriesByPod = new HashMap<>();

    Gate(GateInput input) {
      this.schedule = new Schedule(input);
      this.signals = input.signals().stream().filter(s -> !s.kind().isEvidence()).toList();
      Map<String, PodEvidence> evidence = evidence(input);
      for (SignalInput signal : input.signals()) {
        for (Series s : signal.series()) {
          seriesByPod.computeIfAbsent(s.pod(), p -> new ArrayList<>()).add(s);
        }
      }
      double zOneSided = Stats.upperNormalQuantile(Schedule.TREND_ALPHA / testCount());
      double zTwoSided = Stats.upperNormalQuantile(Schedule.TREND_ALPHA / 2 / testCount());
      for (SignalInput signal : signals) {
        for (Series raw : signal.series()) {
          judges.add(
              judge(
                  signal,
                  raw,
                  evidence.getOrDefault(raw.pod(), PodEvidence.NONE),
                  zOneSided,
                  zTwoSided));
        }
      }
    }

    /**
     * How many pod x signal trend tests one evaluation makes: the Bonferroni divisor that keeps a
     * ten-pod, six-signal gate from a 45% chance of some false alarm.
     */
    private int testCount() {
      int count = 0;
      for (SignalInput signal : signals) {
        count += signal.series().size();
      }
      return Math.max(1, count);
    }

    private PodSignalJudge judge(
        SignalInput signal, Series raw, PodEvidence evidence, double zOneSided, double zTwoSided) {
      Window rawBaseline = raw.window(schedule.baselineFrom, schedule.baselineTo);
      if (rawBaseline.isEmpty() && firstSampleTime(raw) > schedule.baselineTo) {
        return new PodSignalJudge(
            signal, raw, raw, Optional.empty(), schedule, null, evidence, zOneSided);
      }
      Series judged = raw;
      Window baselineWindow = rawBaseline;
      Optional<CollectionCounter> collections = Optional.empty();
      if (signal.kind().isHeap()) {
        double troughWindow =
            Troughs.window(
                schedule.baselineLength(), schedule.scrapeInterval, schedule.recentWindow);
        judged = Troughs.rollingMin(raw, troughWindow);
        Optional<Series> counter = signal.collectionsOf(raw.pod());
        if (counter.isPresent()) {
          collections = Optional.of(CollectionCounter.of(raw, counter.get()));
          judged = collections.get().held(raw, judged);
        }
        // The first trough window of the baseline has too little history for a minimum.
        baselineWindow = judged.window(schedule.baselineFrom + troughWindow, schedule.baselineTo);
      }
      Baseline baseline =
          Baseline.of(baselineWindow, schedule.scrapeInterval, signal.tolerance(), zTwoSided);
      return new PodSignalJudge(
          signal, raw, judged, collections, schedule, baseline, evidence, zOneSided);
    }

    private Map<String, PodEvidence> evidence(GateInput input) {
      Map<String, PodEvidence> restarts = new HashMap<>();
      for (SignalInput signal : input.signals()) {
        for (Series s : signal.series()) {
          if (signal.kind() == SignalKind.START_TIME) {
            restarts.merge(
                s.pod(), PodEvidence.fromStartTime(s, schedule.baselineFrom), PodEvidence::merge);
          } else if (signal.kind() == SignalKind.RESTARTS) {
            restarts.merge(
                s.pod(),
                PodEvidence.fromRestartCount(s, schedule.baselineFrom),
                PodEvidence::merge);
          }
        }
      }
      Map<String, PodEvidence> all = new HashMap<>(restarts);
      for (SignalInput signal : input.signals()) {
        if (signal.kind() == SignalKind.OOM_KILLED) {
          for (Series s : signal.series()) {
            double restartAt = restarts.getOrDefault(s.pod(), PodEvidence.NONE).restartAt();
            double oomAt = PodEvidence.oomKilledAt(s, schedule.baselineFrom, restartAt);
            all.merge(s.pod(), new PodEvidence(Double.NaN, oomAt), PodEvidence::merge);
          }
        }
      }
      return all;
    }

    double dataEnd() {
      double end = Double.NEGATIVE_INFINITY;
      for (List<Series> podSeries : seriesByPod.values()) {
        for (Series s : podSeries) {
          if (s.size() > 0) {
            end = Math.max(end, s.time(s.size() - 1));
          }
        }
      }
      return end;
    }

    Optional<GateVerdict> evaluateUntil(double horizon) {
      if (judges.stream().noneMatch(PodSignalJudge::decidesGate)) {
        if (horizon < schedule.loadEnd) {
          return Optional.empty();
        }
        judges.forEach(j -> j.evaluate(schedule.loadEnd, false, false));
        judges.forEach(j -> j.closeUndecided(schedule.loadEnd));
        return Optional.of(
            verdict(
                Verdict.INCONCLUSIVE,
                Reason.NO_GATING_SIGNALS,
                "no gating signal has a pod with samples before the load; a gate cannot pass on"
                    + " warnings alone",
                schedule.loadEnd));
      }
      double firstGrace = judges.stream().mapToDouble(PodSignalJudge::grace).min().orElse(0);
      for (double t : schedule.evaluationTimes(firstGrace)) {
        if (t > horizon) {
          return Optional.empty();
        }
        boolean atDeadline = t >= schedule.deadline();
        for (PodSignalJudge judge : judges) {
          judge.evaluate(t, atDeadline, podSilent(judge.pod(), t));
        }
        Optional<GateVerdict> verdict = decide(t);
        if (verdict.isPresent()) {
          return verdict;
        }
      }
      return Optional.empty();
    }

    Optional<GateVerdict> insufficientBaseline() {
      List<PodSignalJudge> gating = judges.stream().filter(PodSignalJudge::decidesGate).toList();
      List<PodSignalJudge> thin = gating.stream().filter(PodSignalJudge::baselineTooThin).toList();
      if (thin.isEmpty()) {
        return Optional.empty();
      }
      thin.forEach(j -> j.decideOnBaseline(schedule.loadEnd));
      return Optional.of(fromPod(Verdict.INCONCLUSIVE, thin.get(0), gating, schedule.loadEnd));
    }

    private boolean podSilent(String pod, double t) {
      for (Series s : seriesByPod.get(pod)) {
        if (!s.window(t - schedule.recentWindow, t).isEmpty()) {
          return false;
        }
      }
      return true;
    }

    /**
     * Any gating leak fails the gate at once; otherwise it waits until every gating pod is decided.
     */
    private Optional<GateVerdict> decide(double t) {
      List<PodSignalJudge> gating = judges.stream().filter(PodSignalJudge::decidesGate).toList();
      Optional<PodSignalJudge> leak =
          gating.stream()
              .filter(j -> j.decided() && j.decision().result() == SignalResult.LEAK)
              .findFirst();
      if (leak.isPresent()) {
        return Optional.of(fromPod(Verdict.FAILED, leak.get(), gating, t));
      }
      if (!gating.stream().allMatch(PodSignalJudge::decided)) {
        return Optional.empty();
      }
      Optional<PodSignalJudge> doubt =
          gating.stream()
              .filter(j -> j.decision().result() == SignalResult.INCONCLUSIVE)
              .findFirst();
      if (doubt.isPresent()) {
        return Optional.of(fromPod(Verdict.INCONCLUSIVE, doubt.get(), gating, t));
      }
      judges.forEach(j -> j.closeUndecided(t));
      long signalCount = gating.stream().map(j -> j.signal().name()).distinct().count();
      long podCount = gating.stream().map(PodSignalJudge::pod).distinct().count();
      return Optional.of(
          verdict(
              Verdict.PASSED,
              Reason.SIGNALS_RECOVERED,
              String.format(
                  "%d gating signal%s on %d pod%s came back to baseline within %s after the load",
                  signalCount,
                  signalCount == 1 ? "" : "s",
                  podCount,
                  podCount == 1 ? "" : "s",
                  Numbers.duration(t - schedule.loadEnd)),
              t));
    }

    private GateVerdict fromPod(
        Verdict verdict, PodSignalJudge decisive, List<PodSignalJudge> gating, double t) {
      long others =
          gating.stream()
                  .filter(PodSignalJudge::decided)
                  .filter(j -> j.decision().result() == decisive.decision().result())
                  .count()
              - 1;
      String message =
          decisive.signal().name()
              + " on "
              + decisive.pod()
              + ": "
              + decisive.decision().message()
              + (others > 0 ? " (and " + others + " more)" : "");
      judges.forEach(j -> j.closeUndecided(t));
      return verdict(verdict, decisive.decision().reason(), message, t);
    }

    GateVerdict recordingEnded(double dataEnd) {
      double t = Math.max(schedule.loadEnd, dataEnd);
      judges.forEach(j -> j.closeRecordingEnded(t, dataEnd));
      return verdict(
          Verdict.INCONCLUSIVE,
          Reason.RECORDING_ENDED,
          "the data ends "
              + (dataEnd < schedule.loadEnd
                  ? Numbers.duration(schedule.loadEnd - dataEnd) + " before the load end"
                  : Numbers.duration(dataEnd - schedule.loadEnd) + " after the load")
              + ", before the gate could decide (recovery timeout "
              + Numbers.duration(schedule.timeout)
              + ")",
          t);
    }

    List<SignalVerdict> signalsAsOf(double t) {
      judges.forEach(j -> j.closeUndecided(t));
      return signalVerdicts();
    }

    private GateVerdict verdict(Verdict verdict, Reason reason, String message, double t) {
      return new GateVerdict(verdict, reason, message, t - schedule.loadEnd, signalVerdicts());
    }

    private List<SignalVerdict> signalVerdicts() {
      Map<SignalInput, List<PodVerdict>> bySignal = new LinkedHashMap<>();
      signals.forEach(s -> bySignal.put(s, new ArrayList<>()));
      for (PodSignalJudge judge : judges) {
        bySignal.get(judge.signal()).add(judge.decision());
      }
      List<SignalVerdict> out = new ArrayList<>();
      bySignal.forEach(
          (signal, pods) ->
              out.add(
                  new SignalVerdict(
                      signal.name(),
                      signal.kind(),
                      signal.gating(),
                      SignalVerdict.worstOf(pods),
                      pods)));
      return out;
    }

    private static double firstSampleTime(Series s) {
      for (int i = 0; i < s.size(); i++) {
        if (!Double.isNaN(s.value(i))) {
          return s.time(i);
        }
      }
      return Double.POSITIVE_INFINITY;
    }
  }
}
