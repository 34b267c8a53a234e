package dev.leakgate.analysis;

import java.util.List;
import java.util.Optional;

/**
 * The rules of judging a pod, in the order they are tried: first what makes the pod's evidence
 * unusable (it came late, it was killed or restarted, its baseline or recent data is too thin, the
 * gate did not watch all the way), then heap without a collection to judge by, then the level
 * against the band. docs/verdict-engine.md says the same in prose.
 */
final class PodRules {
  private PodRules() {}

  static final List<PodRule> IN_ORDER =
      List.of(
          new AddedDuringLoad(),
          new OomKilled(),
          new Restarted(),
          new BaselineUnusable(),
          new WithinGrace(),
          new StoppedReporting(),
          new WatchGap(),
          new TooFewRecentSamples(),
          new NoCollectionSinceLoad(),
          new PostGcValueUnchanged(),
          new InBand(),
          new FallingIntoBandAtTimeout(),
          new AboveBand());

  /** A pod with no samples before the load (autoscaled) is reported, never judged. */
  static final class AddedDuringLoad implements PodRule {
    @Override
    public Optional<Ruling> apply(PodSignalJudge pod, Moment at) {
      if (pod.baseline() != null) {
        return PodRule.next();
      }
      return PodRule.decide(
          SignalResult.WARN,
          Reason.POD_ADDED_DURING_LOAD,
          "pod had no samples before the load (autoscaled?): reported, not judged");
    }
  }

  /** An OOM kill during the gate is a leak, whatever the values say. */
  static final class OomKilled implements PodRule {
    @Override
    public Optional<Ruling> apply(PodSignalJudge pod, Moment at) {
      double killedAt = pod.evidence().oomKilledAt();
      if (Double.isNaN(killedAt) || killedAt > at.t()) {
        return PodRule.next();
      }
      return PodRule.decide(
          pod.leakResult(),
          Reason.OOM_KILLED,
          "the container was OOM-killed " + pod.relativeToLoad(killedAt));
    }
  }

  /** A fresh process starts low: its values are no recovery. */
  static final class Restarted implements PodRule {
    @Override
    public Optional<Ruling> apply(PodSignalJudge pod, Moment at) {
      double restartAt = pod.evidence().restartAt();
      if (Double.isNaN(restartAt) || restartAt > at.t()) {
        return PodRule.next();
      }
      return PodRule.decide(
          SignalResult.INCONCLUSIVE,
          Reason.RESTARTED,
          "the process restarted "
              + pod.relativeToLoad(restartAt)
              + "; a fresh process is not a recovery");
    }
  }

  /** Nothing can be judged against a baseline too thin or too noisy to stand on. */
  static final class BaselineUnusable implements PodRule {
    @Override
    public Optional<Ruling> apply(PodSignalJudge pod, Moment at) {
      Baseline baseline = pod.baseline();
      if (baseline.usable()) {
        return PodRule.next();
      }
      return PodRule.decide(
          SignalResult.INCONCLUSIVE, baseline.problem(), baseline.problemMessage());
    }
  }

  /** Right after the load, the signal is still coming down: nothing is judged before the grace. */
  static final class WithinGrace implements PodRule {
    @Override
    public Optional<Ruling> apply(PodSignalJudge pod, Moment at) {
      boolean within = at.t() < pod.schedule().loadEnd + pod.grace() && !at.atDeadline();
      return within ? HOLD : PodRule.next();
    }
  }

  /** No sample for a whole recent window: the pod went away, or this signal did. */
  static final class StoppedReporting implements PodRule {
    @Override
    public Optional<Ruling> apply(PodSignalJudge pod, Moment at) {
      Schedule schedule = pod.schedule();
      if (pod.reportsBetween(at.t() - schedule.recentWindow, at.t())) {
        return PodRule.next();
      }
      String since = "no samples for " + Numbers.duration(schedule.recentWindow);
      return at.podSilent()
          ? PodRule.decide(
              SignalResult.INCONCLUSIVE, Reason.POD_VANISHED, "pod stopped reporting: " + since)
          : PodRule.decide(
              SignalResult.INCONCLUSIVE, Reason.STALE_DATA, "signal stopped reporting: " + since);
    }
  }

  /** A hole in the watched time (the baseline, and after the load) may hide a restart or spike. */
  static final class WatchGap implements PodRule {
    @Override
    public Optional<Ruling> apply(PodSignalJudge pod, Moment at) {
      Schedule schedule = pod.schedule();
      Gap gap =
          Gap.longestWatched(
              pod.raw().window(schedule.baselineFrom, at.t()),
              schedule.loadStart,
              schedule.loadEnd);
      if (gap.watched() <= schedule.maxGap()) {
        return PodRule.next();
      }
      return PodRule.decide(
          SignalResult.INCONCLUSIVE,
          Reason.DATA_GAP,
          String.format(
              "no samples for %s%s (%s to %s); the gate did not watch all the way",
              Numbers.duration(gap.watched()),
              gap.spansLoad() ? " outside the load" : "",
              pod.relativeToLoad(gap.from()),
              pod.relativeToLoad(gap.to())));
    }
  }

  /**
   * Too few recent samples to trust a level: the streak starts over, and at the timeout there is
   * nothing to judge on.
   */
  static final class TooFewRecentSamples implements PodRule {
    @Override
    public Optional<Ruling> apply(PodSignalJudge pod, Moment at) {
      Observation latest = pod.observation(at.t());
      if (latest.sufficient()) {
        return PodRule.next();
      }
      pod.streak().reset();
      if (!at.atDeadline()) {
        return HOLD;
      }
      Schedule schedule = pod.schedule();
      return PodRule.decide(
          SignalResult.INCONCLUSIVE,
          Reason.INSUFFICIENT_DATA,
          String.format(
              "only %d samples in the last %s before the timeout, %.0f%% of those expected"
                  + " (needs at least %d and %.0f%%)",
              latest.samples(),
              Numbers.duration(at.t() - schedule.recentFrom(at.t())),
              latest.coverage() * 100,
              Schedule.MIN_RECENT_SAMPLES,
              Schedule.MIN_COVERAGE * 100));
    }
  }

  /**
   * A raw heap read beside its collection counter, with no collection since the load: its level
   * waits for one. At the timeout the raw heap (live data plus garbage) bounds live data from
   * above, and the value held from the load's last collection is what the heap has not gone below
   * since. When both are above the band, that value is live data the load left behind: the calls in
   * flight at that collection hold little next to a band (16 MiB at least), so it fails rather than
   * waiting for a collection that may come only after the timeout (Go's 2-minute forced one, after
   * a 2-minute recovery whose load collected last at its very end). A service whose calls in flight
   * hold more than a band would fail here.
   */
  static final class NoCollectionSinceLoad implements PodRule {
    @Override
    public Optional<Ruling> apply(PodSignalJudge pod, Moment at) {
      if (pod.collections().isEmpty() || !Double.isNaN(pod.firstCollectionAfterLoad(at.t()))) {
        return PodRule.next();
      }
      if (!at.atDeadline()) {
        return HOLD;
      }
      double held = pod.judged().window(Double.NEGATIVE_INFINITY, at.t()).last();
      double allowed = pod.baseline().allowed();
      if (pod.raw().window(Double.NEGATIVE_INFINITY, at.t()).last() > allowed && held > allowed) {
        return PodRule.decide(
            pod.leakResult(),
            Reason.DID_NOT_RECOVER,
            String.format(
                "no collection since the load, and the last one, during it, left %s live %s: the"
                    + " heap has not been below that since",
                pod.fmt(held), pod.versusBaseline()));
      }
      return uncollected(pod, at, pod.raw());
    }
  }

  /**
   * A post-GC gauge that has not changed since the load: no collection of its pool ran, so it says
   * nothing about live data yet. At the timeout, the pool's current usage recorded beside it
   * decides when it can.
   */
  static final class PostGcValueUnchanged implements PodRule {
    @Override
    public Optional<Ruling> apply(PodSignalJudge pod, Moment at) {
      if (!pod.signal().kind().isHeap()
          || pod.collections().isPresent()
          || pod.changedAfterLoad(at.t())) {
        return PodRule.next();
      }
      if (!at.atDeadline()) {
        return HOLD;
      }
      Optional<Series> bound = pod.signal().upperBoundOf(pod.raw().pod());
      if (bound.isPresent()) {
        return uncollected(pod, at, bound.get());
      }
      return PodRule.decide(
          SignalResult.INCONCLUSIVE,
          Reason.NO_GC_AFTER_LOAD,
          "heap value never changed after the load: no collection ran, so it says nothing"
              + " about live data");
    }
  }

  /**
   * A heap that the runtime has not collected since the load, at the timeout, judged on a gauge
   * that bounds its live data from above: the raw heap itself (live data plus garbage not yet
   * collected), or beside a post-GC gauge the pool's current usage. In band, the heap has recovered
   * whatever the garbage; above it, garbage and a leak look the same. Go forces a collection every
   * 2 minutes, so there it is rare; a lightly loaded JVM may not collect its old generation for
   * many minutes, so there it decides most short gates.
   */
  private static Optional<PodRule.Ruling> uncollected(
      PodSignalJudge pod, PodRule.Moment at, Series bound) {
    double last = bound.window(Double.NEGATIVE_INFINITY, at.t()).last();
    String versus = pod.versusBaseline();
    if (last <= pod.baseline().allowed()) {
      return PodRule.decide(
          SignalResult.RECOVERED,
          Reason.IN_BAND_AT_TIMEOUT,
          String.format(
              "no collection since the load, but even with its garbage the heap is in band at %s"
                  + " %s at the timeout",
              pod.fmt(last), versus));
    }
    return PodRule.decide(
        SignalResult.INCONCLUSIVE,
        Reason.NO_GC_AFTER_LOAD,
        String.format(
            "no collection since the load (%s), and the heap with its garbage is %s %s: it says"
                + " nothing about live data",
            pod.collections().isPresent()
                ? "the runtime's collection counter did not move"
                : "the post-collection value did not change",
            Double.isNaN(last) ? "unknown" : "at " + pod.fmt(last),
            versus));
  }

  /**
   * In band: passes after {@code settle} evaluations in a row with no hint of a rise (a trend with
   * enough points, not rising even at a lenient level); at the timeout, passes unless significantly
   * rising.
   */
  static final class InBand implements PodRule {
    @Override
    public Optional<Ruling> apply(PodSignalJudge pod, Moment at) {
      Observation latest = pod.observation(at.t());
      if (latest.level() > pod.baseline().allowed()) {
        return PodRule.next();
      }
      pod.streak().inBand();
      String versus = pod.versusBaseline();
      if (pod.streak().inBandCount() >= pod.schedule().settle && !pod.mayBeRising(latest.trend())) {
        return PodRule.decide(
            SignalResult.RECOVERED,
            Reason.BACK_TO_BASELINE,
            String.format(
                "back to %s %s %s after the load",
                pod.fmt(latest.level()), versus, pod.sinceLoad(at.t())));
      }
      if (!at.atDeadline()) {
        return HOLD;
      }
      if (pod.rising(latest.trend())) {
        return PodRule.decide(
            pod.leakResult(),
            Reason.RISING_TREND,
            String.format(
                "in band at %s %s but rising %s/h at the timeout",
                pod.fmt(latest.level()), versus, pod.fmt(latest.trend().slopePerHour())));
      }
      return PodRule.decide(
          SignalResult.RECOVERED,
          Reason.IN_BAND_AT_TIMEOUT,
          String.format("in band at %s %s at the timeout", pod.fmt(latest.level()), versus));
    }
  }

  /**
   * Above the band at the timeout but falling: the level (a median that lags its window by half)
   * carried to now at its own slope, in band, passes.
   */
  static final class FallingIntoBandAtTimeout implements PodRule {
    @Override
    public Optional<Ruling> apply(PodSignalJudge pod, Moment at) {
      if (!at.atDeadline()) {
        return PodRule.next();
      }
      Observation latest = pod.observation(at.t());
      Trend trend = latest.trend();
      double carried = pod.carriedToNow(at.t(), trend);
      if (carried > pod.baseline().allowed()) {
        return PodRule.next();
      }
      return PodRule.decide(
          SignalResult.RECOVERED,
          Reason.IN_BAND_AT_TIMEOUT,
          String.format(
              "falling %s/h and in band at about %s %s at the timeout (median of the last %s:"
                  + " %s)",
              pod.fmt(-trend.slopePerHour()),
              pod.fmt(carried),
              pod.versusBaseline(),
              Numbers.duration(at.t() - pod.schedule().recentFrom(at.t())),
              pod.fmt(latest.level())));
    }
  }

  /**
   * Above the band: at the timeout it did not recover. Before it, after {@code settle} evaluations
   * in a row above the band and a full window past the grace: still rising fails, coming down fast
   * enough to make it in time waits, anything else fails, as falling too slowly or as stuck.
   */
  static final class AboveBand implements PodRule {
    @Override
    public Optional<Ruling> apply(PodSignalJudge pod, Moment at) {
      Observation latest = pod.observation(at.t());
      Schedule schedule = pod.schedule();
      Baseline baseline = pod.baseline();
      Trend trend = latest.trend();
      String versus = pod.versusBaseline();
      double t = at.t();
      pod.streak().aboveBand();
      if (at.atDeadline()) {
        return PodRule.decide(
            pod.leakResult(),
            Reason.DID_NOT_RECOVER,
            String.format(
                "still at %s %s when the %s recovery timeout ended",
                pod.fmt(latest.level()), versus, Numbers.duration(schedule.timeout)));
      }
      boolean fullWindowAfterGrace =
          t >= schedule.loadEnd + Math.max(pod.grace(), schedule.recentWindow);
      if (pod.streak().aboveBandCount() < schedule.settle || !fullWindowAfterGrace) {
        return HOLD;
      }
      if (pod.rising(trend)) {
        return PodRule.decide(
            pod.leakResult(),
            Reason.STILL_RISING,
            String.format(
                "at %s and rising %s/h %s %s after the load",
                pod.fmt(latest.level()), pod.fmt(trend.slopePerHour()), versus, pod.sinceLoad(t)));
      }
      double left = schedule.deadline() - t;
      // At the trend's slope, from where the level's median stands (the middle of its window): the
      // time spent falling since then is already behind.
      double needed =
          trend.slopePerSecond() < 0
              ? (latest.level() - baseline.allowed()) / -trend.slopePerSecond()
                  - schedule.levelLag(t)
              : Double.POSITIVE_INFINITY;
      if (needed <= left) {
        // Coming down fast enough to make it: wait, whether or not the fall is significant.
        return HOLD;
      }
      if (trend.fallingAt(PodSignalJudge.LENIENT_Z)) {
        // Failing either way; the label says whether it was coming down at all.
        return PodRule.decide(
            pod.leakResult(),
            Reason.CANNOT_RECOVER_IN_TIME,
            String.format(
                "at %s and falling %s/h %s: needs %s to get back in band, %s left",
                pod.fmt(latest.level()),
                pod.fmt(-trend.slopePerHour()),
                versus,
                Numbers.duration(needed),
                Numbers.duration(left)));
      }
      return PodRule.decide(
          pod.leakResult(),
          Reason.STUCK_ABOVE_BASELINE,
          String.format(
              "stayed at %s %s for %s after the load",
              pod.fmt(latest.level()), versus, pod.sinceLoad(t)));
    }
  }
}
