package dev.leakgate.analysis;

import java.util.Optional;

/**
 * Judges one signal on one pod through the evaluations of a gate: counts evaluations in and above
 * the band, applies the early-fail and timeout rules, and keeps the decision once made.
 */
final class PodSignalJudge {
  /** One-sided 5%: enough doubt about a rise to hold a pass back (never enough to fail). */
  static final double LENIENT_Z = 1.645;

  private final SignalInput signal;
  private final Series raw;
  private final Series judged;
  private final Optional<CollectionCounter> collections;
  private final Schedule schedule;
  private final Baseline baseline;
  private final PodEvidence evidence;
  private final double grace;
  private final double zRising;

  private final Streak streak = new Streak();
  private Observation latest;
  private double observedAt = Double.NaN;
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

  Series raw() {
    return raw;
  }

  /** The series the level is judged on (see the constructor). */
  Series judged() {
    return judged;
  }

  Optional<CollectionCounter> collections() {
    return collections;
  }

  Schedule schedule() {
    return schedule;
  }

  /** Null when the pod was not there before the load. */
  Baseline baseline() {
    return baseline;
  }

  PodEvidence evidence() {
    return evidence;
  }

  Streak streak() {
    return streak;
  }

  /** The recent window's level, trend and coverage at {@code t}, computed once per evaluation. */
  Observation observation(double t) {
    if (observedAt != t) {
      latest = observe(t);
      observedAt = t;
    }
    return latest;
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

  /** One evaluation: the first rule of {@link PodRules#IN_ORDER} with something to say ends it. */
  void evaluate(double t, boolean atDeadline, boolean podSilent) {
    if (decision != null) {
      return;
    }
    PodRule.Moment at = new PodRule.Moment(t, atDeadline, podSilent);
    for (PodRule rule : PodRules.IN_ORDER) {
      Optional<PodRule.Ruling> ruling = rule.apply(this, at);
      if (ruling.isPresent()) {
        if (ruling.get() instanceof PodRule.Decide d) {
          decide(t, d.result(), d.reason(), d.message());
        }
        return;
      }
    }
    throw new IllegalStateException("no rule judged " + signal.name() + " on " + raw.pod());
  }

  /** Whether a trend is a rise: significant at the strict level, and steeper than the band. */
  boolean rising(Trend trend) {
    return trend.risingAt(zRising) && trend.slopePerHour() > baseline.bandWidth();
  }

  /**
   * Whether a rise cannot be ruled out: too few points for a trend, or a hint of one at a lenient
   * level. A pass needs positive evidence of no rise; failing on a rise needs the strict level.
   */
  boolean mayBeRising(Trend trend) {
    return !trend.testable()
        || trend.risingAt(LENIENT_Z) && trend.slopePerHour() > baseline.bandWidth();
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

  /** When the first collection after the load was seen, up to {@code t}; NaN if none was. */
  double firstCollectionAfterLoad(double t) {
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
  double carriedToNow(double t, Trend trend) {
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

  /** Whether the raw value moved at all after the load: a post-GC gauge moves only at a GC. */
  boolean changedAfterLoad(double t) {
    Window after = raw.window(schedule.loadEnd, t);
    for (int i = 1; i < after.size(); i++) {
      if (after.values()[i] != after.values()[0]) {
        return true;
      }
    }
    return false;
  }

  SignalResult leakResult() {
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
  String versusBaseline() {
    return String.format(
        "(baseline %s, allowed %s)", fmt(baseline.level()), fmt(baseline.allowed()));
  }

  String fmt(double value) {
    return Numbers.of(signal.kind(), value);
  }

  String sinceLoad(double t) {
    return Numbers.duration(t - schedule.loadEnd);
  }

  String relativeToLoad(double at) {
    if (at < schedule.loadStart) {
      return Numbers.duration(schedule.loadStart - at) + " before the load";
    }
    if (at <= schedule.loadEnd) {
      return Numbers.duration(at - schedule.loadStart) + " into the load";
    }
    return Numbers.duration(at - schedule.loadEnd) + " after the load";
  }
}
