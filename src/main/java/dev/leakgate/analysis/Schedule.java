package dev.leakgate.analysis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Every window and count of the decision procedure, derived from the gate's settings and the
 * observed scrape interval. The production defaults of leak-detection.md (30 s guard, 5 min recent
 * window, 30 s interval) are caps that shrink in proportion for short gates, which is why one
 * engine can decide a 60 s test gate and a 10 min production gate alike.
 */
final class Schedule {
  /** Statistics thin each window to about this many points, whatever the scrape interval. */
  static final int THINNED_POINTS = 20;

  /** A window needs this share of the samples the scrape interval promises. */
  static final double MIN_COVERAGE = 0.8;

  /** And never fewer than this many present samples. */
  static final int MIN_SAMPLES = 5;

  /** The fewest present samples a level window may be judged on. */
  static final int MIN_RECENT_SAMPLES = 3;

  /** One-sided family-wise error rate of the trend tests of one gate. */
  static final double TREND_ALPHA = 0.01;

  /** The baseline is too noisy to judge against when sigma exceeds this share of its level. */
  static final double MAX_RELATIVE_NOISE = 0.25;

  private static final double MAX_GUARD = 30;
  private static final double MAX_RECENT = 300;
  private static final double MAX_INTERVAL = 30;

  final double loadStart;
  final double loadEnd;
  final double baselineFrom;
  final double baselineTo;
  final double scrapeInterval;
  final double recentWindow;
  final double interval;
  final double timeout;
  final int settle;
  private final GateSettings settings;

  Schedule(GateInput input) {
    this.settings = input.settings();
    this.loadStart = input.loadStartSeconds();
    this.loadEnd = input.loadEndSeconds();
    double window = Instants.toSeconds(settings.baselineWindow());
    double guard = Math.min(MAX_GUARD, window / 10);
    this.baselineFrom = loadStart - window;
    this.baselineTo = loadStart - guard;
    this.timeout = Instants.toSeconds(settings.recovery().timeout());
    this.recentWindow = Math.min(MAX_RECENT, timeout / 2);
    this.scrapeInterval = observedScrapeInterval(input, loadEnd, window);
    this.interval =
        settings
            .recovery()
            .interval()
            .map(Instants::toSeconds)
            .orElse(Math.max(scrapeInterval, Math.min(MAX_INTERVAL, timeout / 20)));
    this.settle = settings.recovery().settle();
  }

  /**
   * The longest hole in a series the gate tolerates between the baseline start and a decision: four
   * scrapes, or a fifth of the recent window (1 min at defaults). A longer one may hide a restart
   * or a spike, so nothing after it can pass.
   */
  double maxGap() {
    return Math.max(4 * scrapeInterval, recentWindow / 5);
  }

  /**
   * The shortest baseline window whose judged part is sure to hold {@link #MIN_SAMPLES} scrapes
   * whatever their phase, with a fifth of a scrape to spare for jitter: the window less its guard
   * and, for heap, less the first trough window, which has no history for a minimum. A shorter one
   * ends {@code InsufficientBaseline} whenever the scrapes fall badly, so callers refuse it.
   */
  static double shortestBaseline(double scrapeInterval, double timeout, boolean heap) {
    double needed = (MIN_SAMPLES + 0.2) * scrapeInterval;
    double recent = Math.min(MAX_RECENT, timeout / 2);
    for (double window = 1; ; window++) {
      double length = window - Math.min(MAX_GUARD, window / 10);
      double judged = heap ? length - Troughs.window(length, scrapeInterval, recent) : length;
      if (judged >= needed) {
        return window;
      }
    }
  }

  /**
   * The shortest recovery timeout whose last level window is sure to be judged whatever the
   * scrapes' phase: it spans a quarter of the timeout (up to 10 minutes), and must hold 4 scrapes
   * with a fifth to spare, since 3 scrapes in a window that may hold 4 are under the 80% coverage
   * it needs. Infinite when no timeout will do (a level window is at most 2.5 minutes).
   */
  static double shortestRecovery(double scrapeInterval) {
    // k scrapes in a window that may hold k + 1 cover k / (k + 1): 80% from k = 4, above the 3
    // samples a level needs.
    double needed = 4.2 * scrapeInterval;
    double timeout = Math.ceil(4 * needed);
    return timeout / 2 <= MAX_RECENT ? timeout : Double.POSITIVE_INFINITY;
  }

  double baselineLength() {
    return baselineTo - baselineFrom;
  }

  double deadline() {
    return loadEnd + timeout;
  }

  /** Seconds after the load end before a signal of this kind is judged. */
  double grace(SignalKind kind) {
    Duration grace =
        settings
            .recovery()
            .grace()
            .orElseGet(() -> kind.defaultGrace(settings.recovery().timeout()));
    return Instants.toSeconds(grace);
  }

  /**
   * The window the level is the median of at evaluation time {@code t}: the last half of {@link
   * #recentWindow} (2.5 min at defaults), and never the first half of the time since the load
   * ended, so a decay still under way does not hold the median up. A longer window lags a
   * recovering signal by half its length, which at the timeout turns a recovery into a failure.
   */
  double recentFrom(double t) {
    return Math.max(t - recentWindow / 2, loadEnd + (t - loadEnd) / 2);
  }

  /**
   * How far the level's median lags {@code t} on a steady rise or fall: to the middle of its
   * window.
   */
  double levelLag(double t) {
    return (t - recentFrom(t)) / 2;
  }

  /**
   * The window the trend test runs on at {@code t}: the last {@link #recentWindow}, from half the
   * grace on. Longer than the level's window, because a trend test on a dozen autocorrelated points
   * has little power; the first half of the grace is left out as the load's own decay.
   */
  double trendFrom(double t, double grace) {
    return Math.max(t - recentWindow, loadEnd + grace / 2);
  }

  /**
   * Evaluation times: one at the load end (evidence from the load itself: OOM kills, restarts, a
   * baseline that cannot be used), then every interval from the shortest grace, and a last one at
   * the deadline.
   */
  List<Double> evaluationTimes(double firstGrace) {
    List<Double> times = new ArrayList<>();
    times.add(loadEnd);
    double first = loadEnd + firstGrace;
    for (int k = 0; first + k * interval < deadline() - 1e-6; k++) {
      double t = first + k * interval;
      if (t > loadEnd) {
        times.add(t);
      }
    }
    times.add(deadline());
    return times;
  }

  /**
   * The median gap between consecutive samples up to the load end, over all series. Only data up to
   * the load end is used, so cutting a recording after the load cannot change it.
   */
  private static double observedScrapeInterval(GateInput input, double until, double window) {
    List<Double> gaps = new ArrayList<>();
    for (SignalInput signal : input.signals()) {
      for (Series s : signal.series()) {
        for (int i = 1; i < s.size() && s.time(i) <= until; i++) {
          double gap = s.time(i) - s.time(i - 1);
          if (gap > 0) {
            gaps.add(gap);
          }
        }
      }
    }
    if (gaps.isEmpty()) {
      return window / THINNED_POINTS;
    }
    double[] values = gaps.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(values);
    return Stats.median(values);
  }
}
