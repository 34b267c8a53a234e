package dev.leakgate.local;

import dev.leakgate.analysis.Numbers;
import dev.leakgate.prometheus.Preset;
import dev.leakgate.recording.Recording;
import dev.leakgate.scrape.MetricsScraper;
import dev.leakgate.scrape.ScrapeLog;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Signals scraped by LeakGate itself from the target's {@code /metrics}, every scrape interval. */
final class ScrapeSignals implements LocalSignals {
  private static final int GIVE_UP_TRIES = 3;
  private static final Duration GIVE_UP_AFTER = Duration.ofSeconds(15);

  private final Clock clock;
  private final LocalGatePlan plan;
  private final URI metricsUrl;
  private final ScrapeLog log;
  private final MetricsScraper scraper;
  private final ScheduledExecutorService scraping;
  private List<String> judged = List.of();

  ScrapeSignals(Clock clock, HttpClient http, LocalGatePlan plan, URI metricsUrl) {
    this.clock = clock;
    this.plan = plan;
    this.metricsUrl = metricsUrl;
    this.log = new ScrapeLog(plan.signals());
    Duration timeout =
        plan.scrapeInterval().compareTo(Duration.ofSeconds(10)) < 0
            ? plan.scrapeInterval()
            : Duration.ofSeconds(10);
    this.scraper = new MetricsScraper(http, metricsUrl, timeout);
    this.scraping =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "leakgate-scrape-" + plan.pod());
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public void start() {
    scraping.scheduleAtFixedRate(
        this::scrapeOnce, 0, plan.scrapeInterval().toNanos(), TimeUnit.NANOSECONDS);
  }

  private void scrapeOnce() {
    Instant at = clock.instant();
    try {
      log.add(at, scraper.scrape());
    } catch (MetricsScraper.ScrapeException e) {
      log.failed(e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public Optional<String> notAnswering(Instant start, Instant now) {
    if (log.lastSuccess().isPresent()
        || (log.failures() < GIVE_UP_TRIES
            && Duration.between(start, now).compareTo(GIVE_UP_AFTER) < 0)) {
      return Optional.empty();
    }
    return Optional.of(
        "could not scrape "
            + metricsUrl
            + " ("
            + log.failures()
            + " tries in "
            + Duration.between(start, now).toSeconds()
            + " s): "
            + log.lastError().orElse("no scrape finished"));
  }

  @Override
  public String latestValues() {
    StringBuilder b = new StringBuilder();
    for (Preset.Signal s : plan.signals()) {
      double v = log.latest(s.name());
      if (!Double.isNaN(v) && !s.kind().isEvidence()) {
        b.append(b.isEmpty() ? "" : "  ")
            .append(s.name())
            .append(' ')
            .append(Numbers.of(s.kind(), v));
      }
    }
    if (b.isEmpty()) {
      return "(no signal values yet" + log.lastError().map(e -> ": " + e).orElse("") + ")";
    }
    // The values above are the last ones scraped; say so when they are no longer current.
    return b + failing(clock.instant()).map(e -> "  (scrape failing: " + e + ")").orElse("");
  }

  /** The signals to judge: all asked for, or under auto those the target exports. */
  @Override
  public Optional<Recording> resolve(Instant baselineStart, Instant now) throws LocalGateException {
    if (log.lastSuccess().isEmpty()) {
      throw new LocalGateException(
          "could not scrape "
              + metricsUrl
              + " during the baseline ("
              + log.failures()
              + " tries): "
              + log.lastError().orElse("no scrape finished"));
    }
    List<String> kept = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    boolean anyJudged = false;
    for (Preset.Signal signal : plan.signals()) {
      if (!log.samples(signal.name()).isEmpty()) {
        kept.add(signal.name());
        anyJudged |= !signal.kind().isEvidence();
      } else if (!plan.auto() && !signal.kind().isEvidence()) {
        missing.add(
            signal.name()
                + " ("
                + String.join(
                    " or ", signal.variants().stream().map(Preset.Variant::metric).toList())
                + ")");
      }
    }
    if (!missing.isEmpty()) {
      throw new LocalGateException(metricsUrl + " exports no " + String.join(", no ", missing));
    }
    if (!anyJudged) {
      throw new LocalGateException(
          metricsUrl + " exports no metric of any preset signal (spec.signals.presets)");
    }
    judged = kept;
    return recording(baselineStart, now, now, now);
  }

  @Override
  public Optional<Recording> recording(
      Instant baselineStart, Instant loadStart, Instant loadEnd, Instant now) {
    return Optional.of(
        LocalRecording.of(
            log, judged, plan.pod(), metricsUrl, plan.settings(), loadStart, loadEnd, now));
  }

  @Override
  public Optional<String> failing(Instant now) {
    return log.failingAt(now, plan.scrapeInterval().multipliedBy(2));
  }

  @Override
  public void close() {
    scraping.shutdownNow();
  }
}
