package dev.leakgate.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leakgate.analysis.GateInput;
import dev.leakgate.analysis.GateVerdict;
import dev.leakgate.analysis.Numbers;
import dev.leakgate.analysis.Reason;
import dev.leakgate.analysis.Verdict;
import dev.leakgate.analysis.VerdictEngine;
import dev.leakgate.load.LoadGenerator;
import dev.leakgate.load.LoadSummary;
import dev.leakgate.prometheus.Preset;
import dev.leakgate.recording.InvalidRecordingException;
import dev.leakgate.recording.RecordingReader;
import dev.leakgate.report.LoadReport;
import dev.leakgate.scrape.MetricsScraper;
import dev.leakgate.scrape.ScrapeLog;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One gate without a cluster: scrape the target's {@code /metrics} from the start, wait out the
 * baseline window, run the built-in load, then evaluate recovery with the verdict engine until it
 * decides or the timeout passes. The same phases as the operator, on one machine.
 */
public final class LocalGate {
  private static final Duration STATUS_EVERY = Duration.ofSeconds(5);

  private final Clock clock;
  private final HttpClient http;
  private final LoadGenerator generator;
  private final Consumer<String> status;
  private final VerdictEngine engine = new VerdictEngine();
  private final RecordingReader reader = new RecordingReader();

  /**
   * @param status receives human-readable progress lines (phase, time, each signal against its
   *     band)
   */
  public LocalGate(Clock clock, HttpClient http, LoadGenerator generator, Consumer<String> status) {
    this.clock = clock;
    this.http = http;
    this.generator = generator;
    this.status = status;
  }

  public LocalGateResult run(LocalGatePlan plan) throws LocalGateException, InterruptedException {
    ScrapeLog log = new ScrapeLog(plan.signals());
    MetricsScraper scraper =
        new MetricsScraper(
            http, plan.metricsUrl(), min(plan.scrapeInterval(), Duration.ofSeconds(10)));
    ScheduledExecutorService scraping =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "leakgate-scrape-" + plan.pod());
              t.setDaemon(true);
              return t;
            });
    try {
      scraping.scheduleAtFixedRate(
          () -> scrapeOnce(scraper, log), 0, plan.scrapeInterval().toNanos(), TimeUnit.NANOSECONDS);
      return phases(plan, log);
    } finally {
      scraping.shutdownNow();
    }
  }

  private void scrapeOnce(MetricsScraper scraper, ScrapeLog log) {
    Instant at = clock.instant();
    try {
      log.add(at, scraper.scrape());
    } catch (MetricsScraper.ScrapeException e) {
      log.failed(e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private LocalGateResult phases(LocalGatePlan plan, ScrapeLog log)
      throws LocalGateException, InterruptedException {
    Instant baselineStart = clock.instant();
    Instant baselineEnd = baselineStart.plus(plan.settings().baselineWindow());
    while (clock.instant().isBefore(baselineEnd)) {
      sleepUntil(min(clock.instant().plus(STATUS_EVERY), baselineEnd));
      status.accept(
          String.format(
              "[%s baseline %s/%s] %s",
              plan.pod(),
              clockText(Duration.between(baselineStart, clock.instant())),
              clockText(plan.settings().baselineWindow()),
              latestValues(plan.signals(), log)));
    }
    List<String> signals = signalsWithData(plan, log);

    Instant loadStart = clock.instant();
    status.accept(
        "["
            + plan.pod()
            + " loading] "
            + plan.load().method()
            + " "
            + plan.load().url()
            + " for "
            + clockText(plan.load().duration()));
    LoadSummary load =
        generator.run(
            plan.load(),
            STATUS_EVERY,
            p ->
                status.accept(
                    "["
                        + plan.pod()
                        + " "
                        + LoadReport.progressLine(p)
                        + "] "
                        + latestValues(plan.signals(), log)));
    Instant loadEnd = clock.instant();
    status.accept("[" + plan.pod() + " load done] " + LoadReport.oneLine(load));

    if (!load.delivered()) {
      ObjectNode recording = recording(plan, log, signals, loadStart, loadEnd);
      GateVerdict verdict =
          new GateVerdict(
              Verdict.INCONCLUSIVE,
              Reason.LOAD_NOT_DELIVERED,
              "no request of the load succeeded ("
                  + LoadReport.errors(load)
                  + "), so it tested nothing",
              0,
              engine.standing(input(recording), loadEnd).signals());
      return new LocalGateResult(verdict, load, recording, Optional.empty());
    }

    Instant deadline =
        loadEnd
            .plus(plan.settings().recovery().timeout())
            .plus(plan.scrapeInterval().multipliedBy(2));
    Instant nextStatus = clock.instant();
    while (true) {
      Instant now = clock.instant();
      ObjectNode recording = recording(plan, log, signals, loadStart, loadEnd);
      GateInput input = input(recording);
      VerdictEngine.Standing standing = engine.standing(input, now);
      Optional<GateVerdict> verdict = standing.verdict();
      if (verdict.isEmpty() && !now.isBefore(deadline)) {
        verdict = Optional.of(engine.judge(input));
      }
      if (verdict.isPresent()) {
        Optional<String> dump =
            verdict.get().verdict() == Verdict.FAILED ? threadDump(plan) : Optional.empty();
        return new LocalGateResult(verdict.get(), load, recording, dump);
      }
      if (!now.isBefore(nextStatus)) {
        status.accept(
            String.format(
                "[%s recovering %s of up to %s] %s%s",
                plan.pod(),
                clockText(Duration.between(loadEnd, now)),
                clockText(plan.settings().recovery().timeout()),
                GateStatusLine.bands(standing.signals()),
                log.failingAt(now, plan.scrapeInterval().multipliedBy(2))
                    .map(error -> "  (scrape failing: " + error + ")")
                    .orElse("")));
        nextStatus = now.plus(STATUS_EVERY);
      }
      sleepUntil(now.plus(plan.scrapeInterval()));
    }
  }

  /** The signals to judge: all asked for, or under auto those the target exports. */
  private List<String> signalsWithData(LocalGatePlan plan, ScrapeLog log)
      throws LocalGateException {
    if (log.lastSuccess().isEmpty()) {
      throw new LocalGateException(
          "could not scrape "
              + plan.metricsUrl()
              + " during the baseline ("
              + log.failures()
              + " tries): "
              + log.lastError().orElse("no scrape finished"));
    }
    List<String> kept = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    boolean judged = false;
    for (Preset.Signal signal : plan.signals()) {
      if (!log.samples(signal.name()).isEmpty()) {
        kept.add(signal.name());
        judged |= !signal.kind().isEvidence();
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
      throw new LocalGateException(
          plan.metricsUrl() + " exports no " + String.join(", no ", missing));
    }
    if (!judged) {
      throw new LocalGateException(
          plan.metricsUrl() + " exports no metric of any preset signal (spec.signals.presets)");
    }
    return kept;
  }

  private ObjectNode recording(
      LocalGatePlan plan, ScrapeLog log, List<String> signals, Instant loadStart, Instant loadEnd) {
    return LocalRecording.of(
        log, signals, plan.pod(), plan.metricsUrl(), plan.settings(), loadStart, loadEnd);
  }

  private GateInput input(ObjectNode recording) {
    try {
      return reader.read(recording);
    } catch (InvalidRecordingException e) {
      // The recording is ours; failing to read it back is a bug, not bad input.
      throw new IllegalStateException(
          "own recording unreadable at " + e.field() + ": " + e.getMessage(), e);
    }
  }

  private Optional<String> threadDump(LocalGatePlan plan) throws InterruptedException {
    if (plan.threadDumpUrl().isEmpty()) {
      return Optional.empty();
    }
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(plan.threadDumpUrl().get())
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
    } catch (IOException e) {
      status.accept("[" + plan.pod() + "] could not fetch the thread dump: " + e.getMessage());
      return Optional.empty();
    }
  }

  private String latestValues(List<Preset.Signal> signals, ScrapeLog log) {
    StringBuilder b = new StringBuilder();
    for (Preset.Signal s : signals) {
      double v = log.latest(s.name());
      if (!Double.isNaN(v) && !s.kind().isEvidence()) {
        b.append(b.isEmpty() ? "" : "  ")
            .append(s.name())
            .append(' ')
            .append(Numbers.of(s.kind(), v));
      }
    }
    return b.isEmpty()
        ? "(no signal values yet" + log.lastError().map(e -> ": " + e).orElse("") + ")"
        : b.toString();
  }

  private void sleepUntil(Instant when) throws InterruptedException {
    long millis = Duration.between(clock.instant(), when).toMillis();
    if (millis > 0) {
      Thread.sleep(millis);
    }
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) < 0 ? a : b;
  }

  static String clockText(Duration d) {
    long s = Math.max(0, d.toSeconds());
    return s / 60 + ":" + String.format("%02d", s % 60);
  }
}
