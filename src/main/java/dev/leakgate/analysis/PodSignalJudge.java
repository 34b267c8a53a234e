package dev.leakgate.analysis;

import java.util.Optional;

/**
 * Judges one signal on one pod through the evaluations of a gate: counts evaluations in and above
 * the band, applies the early-fail and timeout rules, and keeps the decision once made.
 */
final class PodSignalJudge {
  /** One-sided 5%: enough doubt about a rise to hold a pass back (never enough to fail). */
  private static final double LENIENT_Z = 1.645;

  private final SignalInput signal;
  private final Series raw;
  private final Series judged;
  private final Optional<CollectionCounter> collections;
  private final Schedule schedule;
  private final Baseline baseline;
  private final PodEvidence evidence;
  private final double grace;
  private final double zRising;

  private int inBand;
  private int aboveBand;
  private Observation latest;
  private PodVerdict decision;

  /**
   * @param judged the series the level is judged on: the raw one, or for heap its value at each
   *     collection when the runtime's collection counter was read, else its GC troughs
   * @param collections when a raw heap's runtime collected garbage, if its counter was read
   * @param baseline null when the pod was not there before the load
   */
  PodSignalJudge(
      SignalInput signal,
      Series raw,
      Series judged,
      Optional<CollectionCounter> collections,
      Schedule schedule,
      Baseline baseline,
      PodEvidence evidence,
      double zRising) {
    this.signal = signal;
    this.raw = raw;
    this.judged = judged;
    this.collections = collections;
    this.schedule = schedule;
    this.baseline = baseline;
    this.evidence = evidence;
    this.grace = schedule.grace(signal.kind());
    this.zRising = zRising;
    this.latest = Observation.none(schedule.loadEnd);
  }

  String pod() {
    return raw.pod();
  }

  SignalInput signal() {
    return signal;
  }

  /**
   * Whether this pod's result can decide the gate: a gating signal on a pod judged from its
   * baseline.
   */
  boolean decidesGate() {
    return signal.gating() && baseline != null;
  }

  /** Whether the baseline has too few samples to judge anything against. */
  boolean baselineTooThin() {
    return baseline != null && baseline.problem() == Reason.INSUFFICIENT_BASELINE;
  }

  /** Decides on the baseline's problem alone, before any recovery evaluation. */
  void decideOnBaseline(double t) {
    if (decision == null && baseline != null && !baseline.usable()) {
      decide(t, SignalResult.INCONCLUSIVE, baseline.problem(), baseline.problemMessage());
    }
  }

  boolean decided() {
    return decision != null;
  }

  PodVerdict decision() {
    return decision;
  }

  double grace() {
    return grace;
  }

  /** Whether the series has a present sample in {@code [from, to]}. */
  boolean reportsBetween(double from, double to) {
    return !raw.window(from, to).isEmpty();
  }

  void evaluate(double t, boolean atDeadline, boolean podSilent) {
    if (decision != null) {
      return;
    }
    if (baseline == null) {
      decide(
          t,
          SignalResult.WARN,
          Reason.POD_ADDED_DURING_LOAD,
          "pod had no samples before the load (autoscaled?): reported, not judged");
      return;
    }
    if (!Double.isNaN(evidence.oomKilledAt()) && evidence.oomKilledAt() <= t) {
      decide(
          t,
          leakResult(),
          Reason.OOM_KILLED,
          "the container was OOM-killed " + relativeToLoad(evidence.oomKilledAt()));
      return;
    }
    if (!Double.isNaN(evidence.restartAt()) && evidence.restartAt() <= t) {
      decide(
          t,
          SignalResult.INCONCLUSIVE,
          Reason.RESTARTED,
          "the process restarted "
              + relativeToLoad(evidence.restartAt())
              + "; a fresh process is not a recovery");
      return;
    }
    if (!baseline.usable()) {
      decide(t, SignalResult.INCONCLUSIVE, baseline.problem(), baseline.problemMessage());
      return;
    }
    if (t < schedule.loadEnd + grace && !atDeadline) {
      return;
    }
    if (!reportsBetween(t - schedule.recentWindow, t)) {
      String since = "no samples for " + Numbers.duration(schedule.recentWindow);
      if (podSilent) {
        decide(
            t, SignalResult.INCONCLUSIVE, Reason.POD_VANISHED, "pod stopped reporting: " + since);
      } else {
        decide(
            t, SignalResult.INCONCLUSIVE, Reason.STALE_DATA, "signal stopped reporting: " + since);
      }
      return;
    }
    Gap gap =
        Gap.longestWatched(
            raw.window(schedule.baselineFrom, t), schedule.loadStart, schedule.loadEnd);
    if (gap.watched() > schedule.maxGap()) {
      decide(
          t,
          SignalResult.INCONCLUSIVE,
          Reason.DATA_GAP,
          String.format(
              "no samples for %s%s (%s to %s); the gate did not watch all the way",
              Numbers.duration(gap.watched()),
              gap.spansLoad() ? " outside the load" : "",
              relativeToLoad(gap.from()),
              relativeToLoad(gap.to())));
      return;
    }
    latest = observe(t);
    if (!latest.sufficient()) {
      inBand = 0;
      aboveBand = 0;
      if (atDeadline) {
        decide(
            t,
            SignalResult.INCONCLUSIVE,
            Reason.INSUFFICIENT_DATA,
            String.format(
                "only %d samples in the last %s before the timeout, %.0f%% of those expected"
                    + " (needs at least %d and %.0f%%)",
                latest.samples(),
                Numbers.duration(t - schedule.recentFrom(t)),
                latest.coverage() * 100,
                Schedule.MIN_RECENT_SAMPLES,
                Schedule.MIN_COVERAGE * 100));
      }
      return;
    }
    if (collections.isPresent() && Double.isNaN(firstCollectionAfterLoad(t))) {
      if (atDeadline) {
        decideUncollectedSinceLoad(t);
      }
      return;
    }
    if (signal.kind().isHeap() && collections.isEmpty() && !changedAfterLoad(t)) {
      Optional<Series> bound = signal.upperBoundOf(raw.pod());
      if (atDeadline && bound.isPresent()) {
        decideUncollected(t, bound.get());
      } else if (atDeadline) {
        decide(
            t,
            SignalResult.INCONCLUSIVE,
            Reason.NO_GC_AFTER_LOAD,
            "heap value never changed after the load: no collection ran, so it says nothing"
                + " about live data");
      }
      return;
    }
    judgeLevel(t, atDeadline);
  }

  private void judgeLevel(double t, boolean atDeadline) {
    Trend trend = latest.trend();
    boolean rising = trend.risingAt(zRising) && trend.slopePerHour() > baseline.bandWidth();
    // A pass needs positive evidence of no rise: a trend with enough points, and no hint of a
    // rise even at a lenient level. Failing on a rise needs the strict, corrected level.
    boolean mayBeRising =
        !trend.testable()
            || trend.risingAt(LENIENT_Z) && trend.slopePerHour() > baseline.bandWidth();
    String versus = versusBaseline();
    if (latest.level() <= baseline.allowed()) {
      inBand++;
      aboveBand = 0;
      if (inBand >= schedule.settle && !mayBeRising) {
        decide(
            t,
            SignalResult.RECOVERED,
            Reason.BACK_TO_BASELINE,
            String.format(
                "back to %s %s %s after the load", fmt(latest.level()), versus, sinceLoad(t)));
      } else if (atDeadline) {
        if (rising) {
          decide(
              t,
              leakResult(),
              Reason.RISING_TREND,
              String.format(
                  "in band at %s %s but rising %s/h at the timeout",
                  fmt(latest.level()), versus, fmt(trend.slopePerHour())));
        } else {
          decide(
              t,
              SignalResult.RECOVERED,
              Reason.IN_BAND_AT_TIMEOUT,
              String.format("in band at %s %s at the timeout", fmt(latest.level()), versus));
        }
      }
      return;
    }
    if (atDeadline) {
      double carried = carriedToNow(t, trend);
      if (carried <= baseline.allowed()) {
        decide(
            t,
            SignalResult.RECOVERED,
            Reason.IN_BAND_AT_TIMEOUT,
            String.format(
                "falling %s/h and in band at about %s %s at the timeout (median of the last %s:"
                    + " %s)",
                fmt(-trend.slopePerHour()),
                fmt(carried),
                versus,
                Numbers.duration(t - schedule.recentFrom(t)),
                fmt(latest.level())));
        return;
      }
    }
    aboveBand++;
    inBand = 0;
    if (atDeadline) {
      decide(
          t,
          leakResult(),
          Reason.DID_NOT_RECOVER,
          String.format(
              "still at %s %s when the %s recovery timeout ended",
              fmt(latest.level()), versus, Numbers.duration(schedule.timeout)));
      return;
    }
    boolean fullWindowAfterGrace = t >= schedule.loadEnd + Math.max(grace, schedule.recentWindow);
    if (aboveBand < schedule.settle || !fullWindowAfterGrace) {
      return;
    }
    double left = schedule.deadline() - t;
    // At the trend's slope, from where the level's median stands (the middle of its window): the
    // time spent falling since then is already behind.
    double needed =
        trend.slopePerSecond() < 0
            ? (latest.level() - baseline.allowed()) / -trend.slopePerSecond() - schedule.levelLag(t)
            : Double.POSITIVE_INFINITY;
    if (rising) {
      decide(
          t,
          leakResult(),
          Reason.STILL_RISING,
          String.format(
              "at %s and rising %s/h %s %s after the load",
              fmt(latest.level()), fmt(trend.slopePerHour()), versus, sinceLoad(t)));
    } else if (needed <= left) {
      // Coming down fast enough to make it: wait, whether or not the fall is significant.
      return;
    } else if (trend.fallingAt(LENIENT_Z)) {
      // Failing either way; the label says whether it was coming down at all.
      decide(
          t,
          leakResult(),
          Reason.CANNOT_RECOVER_IN_TIME,
          String.format(
              "at %s and falling %s/h %s: needs %s to get back in band, %s left",
              fmt(latest.level()),
              fmt(-trend.slopePerHour()),
              versus,
              Numbers.duration(needed),
              Numbers.duration(left)));
    } else {
      decide(
          t,
          leakResult(),
          Reason.STUCK_ABOVE_BASELINE,
          String.format(
              "stayed at %s %s for %s after the load", fmt(latest.level()), versus, sinceLoad(t)));
    }
  }

  /**
   * Closes a pod that was still undecided when the gate was decided, with what its last evaluation
   * showed.
   */
  void closeUndecided(double t) {
    if (decision != null) {
      return;
    }
    if (baseline != null && baseline.usable() && latest.time() != t) {
      // Still within its grace: report where it stands now rather than nothing.
      latest = observe(t);
    }
    if (!latest.sufficient() || baseline == null || !baseline.usable()) {
      decide(
          t,
          SignalResult.INCONCLUSIVE,
          Reason.NOT_EVALUATED,
          "not yet judged when the gate was decided");
    } else if (latest.level() <= baseline.allowed()) {
      decide(
          t,
          SignalResult.RECOVERED,
          Reason.IN_BAND,
          String.format("in band at %s when the gate was decided", fmt(latest.level())));
    } else {
      decide(
          t,
          SignalResult.WARN,
          Reason.ABOVE_BAND,
          String.format(
              "at %s, above its band (allowed %s), when the gate was decided",
              fmt(latest.level()), fmt(baseline.allowed())));
    }
  }

  /** Closes a pod whose data ended before it was decided. */
  void closeRecordingEnded(double t, double dataEnd) {
    if (decision == null) {
      decide(
          t,
          SignalResult.INCONCLUSIVE,
          Reason.RECORDING_ENDED,
          "the data ended " + relativeToLoad(dataEnd) + ", before a decision");
    }
  }

  /**
   * A raw heap read beside its collection counter with no collection since the load, at the
   * timeout. The raw heap bounds live data from above, and the value held from the load's last
   * collection is what the heap has not gone below since. When both are above the band, that value
   * is live data the load left behind: the calls in flight at that collection hold little next to a
   * band (16 MiB at least), so it fails rather than waiting for a collection that may come only
   * after the timeout (Go's 2-minute forced one, after a 2-minute recovery whose load collected
   * last at its very end). A service whose calls in flight hold more than a band would fail here.
   */
  private void decideUncollectedSinceLoad(double t) {
    double held = judged.window(Double.NEGATIVE_INFINITY, t).last();
    if (raw.window(Double.NEGATIVE_INFINITY, t).last() > baseline.allowed()
        && held > baseline.allowed()) {
      decide(
          t,
          leakResult(),
          Reason.DID_NOT_RECOVER,
          String.format(
              "no collection since the load, and the last one, during it, left %s live %s: the"
                  + " heap has not been below that since",
              fmt(held), versusBaseline()));
      return;
    }
    decideUncollected(t, raw);
  }

  /**
   * A heap that the runtime has not collected since the load, at the timeout, judged on a gauge
   * that bounds its live data from above: the raw heap itself (live data plus garbage not yet
   * collected), or beside a post-GC gauge the pool's current usage. In band, the heap has recovered
   * whatever the garbage; above it, garbage and a leak look the same. Go forces a collection every
   * 2 minutes, so there it is rare; a lightly loaded JVM may not collect its old generation for
   * many minutes, so there it decides most short gates.
   */
  private void decideUncollected(double t, Series bound) {
    double last = bound.window(Double.NEGATIVE_INFINITY, t).last();
    String versus = versusBaseline();
    if (last <= baseline.allowed()) {
      decide(
          t,
          SignalResult.RECOVERED,
          Reason.IN_BAND_AT_TIMEOUT,
          String.format(
              "no collection since the load, but even with its garbage the heap is in band at %s"
                  + " %s at the timeout",
              fmt(last), versus));
    } else {
      decide(
          t,
          SignalResult.INCONCLUSIVE,
          Reason.NO_GC_AFTER_LOAD,
          String.format(
              "no collection since the load (%s), and the heap with its garbage is %s %s: it says"
                  + " nothing about live data",
              collections.isPresent()
                  ? "the runtime's collection counter did not move"
                  : "the post-collection value did not change",
              Double.isNaN(last) ? "unknown" : "at " + fmt(last),
              versus));
    }
  }

  /** When the first collection after the load was seen, up to {@code t}; NaN if none was. */
  private double firstCollectionAfterLoad(double t) {
    return collections.map(c -> c.firstSeenBetween(schedule.loadEnd, t)).orElse(Double.NaN);
  }

  private Observation observe(double t) {
    double from = schedule.recentFrom(t);
    Window rawWindow = raw.window(from, t);
    // A heap read at its collections is judged on what they showed after the load only: the value
    // held from a collection during the load is the load's garbage, not a level.
    double collectedFrom = firstCollectionAfterLoad(t);
    Window judgedWindow =
        judged.window(Double.isNaN(collectedFrom) ? from : Math.max(from, collectedFrom), t);
    double coverage = rawWindow.coverage(schedule.scrapeInterval);
    boolean sufficient =
        rawWindow.size() >= Schedule.MIN_RECENT_SAMPLES && coverage >= Schedule.MIN_COVERAGE;
    Window trendWindow = judged.window(Math.min(from, schedule.trendFrom(t, grace)), t);
    Trend trend =
        Trend.of(Stats.thin(trendWindow, schedule.scrapeInterval, Schedule.THINNED_POINTS));
    return new Observation(
        t,
        judgedWindow.median(),
        trend,
        raw.window(schedule.loadStart, t).max(),
        raw.window(Double.NEGATIVE_INFINITY, t).last(),
        coverage,
        rawWindow.size(),
        sufficient);
  }

  /**
   * The latest level carried from the middle of its window to {@code t}, on a fall only; judged at
   * the timeout alone. A median over a falling window lags it by half the window: at the timeout a
   * recovery still under way (a 2 min decay from 10x) would be judged on where it was a minute
   * earlier and fail. The slope is the level window's own Sen slope, not the longer trend window's,
   * which on a decay that slows down is steeper than now and would carry a leak's plateau below its
   * band. A rise is never carried: it has its own rules.
   */
  private double carriedToNow(double t, Trend trend) {
    if (!trend.fallingAt(LENIENT_Z)) {
      return latest.level();
    }
    Window levelWindow =
        Stats.thin(
            judged.window(schedule.recentFrom(t), t),
            schedule.scrapeInterval,
            Schedule.THINNED_POINTS);
    double slope = Trend.senSlope(levelWindow.times(), levelWindow.values());
    return slope < 0 ? latest.level() + slope * schedule.levelLag(t) : latest.level();
  }

  /** Start and end of the longest stretch between consecutive present samples. */
  /** Whether the raw value moved at all after the load: a post-GC gauge moves only at a GC. */
  private boolean changedAfterLoad(double t) {
    Window after = raw.window(schedule.loadEnd, t);
    for (int i = 1; i < after.size(); i++) {
      if (after.values()[i] != after.values()[0]) {
        return true;
      }
    }
    return false;
  }

  private SignalResult leakResult() {
    return signal.gating() ? SignalResult.LEAK : SignalResult.WARN;
  }

  private void decide(double t, SignalResult result, Reason reason, String message) {
    if (latest.time() != t) {
      latest = baseline == null ? Observation.none(t) : observe(t);
    }
    double b = baseline == null ? Double.NaN : baseline.level();
    double noise = baseline == null ? Double.NaN : baseline.noise();
    double allowed = baseline == null ? Double.NaN : baseline.allowed();
    double peak = raw.window(schedule.loadStart, t).max();
    double last = raw.window(Double.NEGATIVE_INFINITY, t).last();
    double slope = latest.trend().points() >= 2 ? latest.trend().slopePerHour() : Double.NaN;
    decision =
        new PodVerdict(
            raw.pod(),
            result,
            b,
            noise,
            allowed,
            peak,
            latest.level(),
            last,
            slope,
            reason,
            message);
  }

  /** "(baseline X, allowed Y)", as every message against the band says it. */
  private String versusBaseline() {
    return String.format(
        "(baseline %s, allowed %s)", fmt(baseline.level()), fmt(baseline.allowed()));
  }

  private String fmt(double value) {
    return Numbers.of(signal.kind(), value);
  }

  private String sinceLoad(double t) {
    return Numbers.duration(t - schedule.loadEnd);
  }

  private String relativeToLoad(double at) {
    if (at < schedule.loadStart) {
      return Numbers.duration(schedule.loadStart - at) + " before the load";
    }
    if (at <= schedule.loadEnd) {
      return Numbers.duration(at - schedule.loadStart) + " into the load";
    }
    return Numbers.duration(at - schedule.loadEnd) + " after the load";
  }
}
