package dev.leakgate.local;

import dev.leakgate.analysis.GateVerdict;
import dev.leakgate.analysis.SignalVerdict;
import dev.leakgate.analysis.Verdict;
import dev.leakgate.analysis.VerdictEngine;
import dev.leakgate.gate.GateClock;
import dev.leakgate.gate.LoadVerdicts;
import dev.leakgate.gate.OwnRecordings;
import dev.leakgate.gate.RecoveryWatch;
import dev.leakgate.load.LoadGenerator;
import dev.leakgate.load.LoadPlan;
import dev.leakgate.load.LoadProgress;
import dev.leakgate.load.LoadSummary;
import dev.leakgate.recording.Recording;
import dev.leakgate.report.LoadReport;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One gate without a cluster: scrape the target's {@code /metrics} from the start, wait out the
 * baseline window, run the built-in load, then evaluate recovery with the verdict engine until it
 * decides or the timeout passes. The same phases as the operator, on one machine.
 */
public final class LocalGate {
  private static final Duration STATUS_EVERY = Duration.ofSeconds(5);

  /** Runs a plan's load: the built-in generator, or in a test, a stand-in for it. */
  @FunctionalInterface
  interface Load {
    LoadSummary run(LoadPlan plan, Duration progressEvery, Consumer<LoadProgress> progress)
        throws InterruptedException;
  }

  /** Opens the signals a plan reads: scraped, or from Prometheus. */
  @FunctionalInterface
  interface SignalsOpener {
    LocalSignals open(LocalGatePlan plan) throws LocalGateException;
  }

  /** Waits until the clock shows a time; the gate's only way of letting time pass. */
  @FunctionalInterface
  interface Sleeper {
    void sleepUntil(Instant when) throws InterruptedException;
  }

  private final Clock clock;
  private final Sleeper sleeper;
  private final HttpClient http;
  private final SignalsOpener opener;
  private final Load load;
  private final Consumer<String> status;
  private final VerdictEngine engine = new VerdictEngine();

  /**
   * @param status receives human-readable progress lines (phase, time, each signal against its
   *     band)
   */
  public LocalGate(Clock clock, HttpClient http, LoadGenerator generator, Consumer<String> status) {
    this.clock = clock;
    this.sleeper = when -> sleep(clock, when);
    this.http = http;
    this.opener = plan -> signals(clock, http, plan);
    this.load = generator::run;
    this.status = status;
  }

  /** A gate whose time, signals and load come from elsewhere: how it is tested at fixed times. */
  LocalGate(
      Clock clock,
      Sleeper sleeper,
      HttpClient http,
      SignalsOpener opener,
      Load load,
      Consumer<String> status) {
    this.clock = clock;
    this.sleeper = sleeper;
    this.http = http;
    this.opener = opener;
    this.load = load;
    this.status = status;
  }

  public LocalGateResult run(LocalGatePlan plan) throws LocalGateException, InterruptedException {
    try (LocalSignals signals = opener.open(plan)) {
      signals.start();
      return phases(plan, signals);
    }
  }

  private static LocalSignals signals(Clock clock, HttpClient http, LocalGatePlan plan)
      throws LocalGateException {
    if (plan.origin() instanceof SignalOrigin.Prometheus prometheus) {
      return new PrometheusSignals(plan, prometheus, PrometheusSignals.client(prometheus));
    }
    return new ScrapeSignals(clock, http, plan, ((SignalOrigin.Scrape) plan.origin()).metricsUrl());
  }

  private LocalGateResult phases(LocalGatePlan plan, LocalSignals signals)
      throws LocalGateException, InterruptedException {
    Instant baselineStart = clock.instant();
    Instant baselineEnd = baselineStart.plus(plan.settings().baselineWindow());
    giveUpIfNotAnswering(signals, baselineStart);
    while (clock.instant().isBefore(baselineEnd)) {
      sleepUntil(min(clock.instant().plus(STATUS_EVERY), baselineEnd));
      giveUpIfNotAnswering(signals, baselineStart);
      status.accept(
          String.format(
              "[%s %s] %s",
              plan.pod(),
              GateClock.baseline(
                  Duration.between(baselineStart, clock.instant()),
                  plan.settings().baselineWindow()),
              signals.latestValues()));
    }
    Optional<Recording> baseline = signals.resolve(baselineStart, clock.instant());
    Optional<LocalGateResult> unjudgeable = unjudgeableBaseline(plan, baseline);
    if (unjudgeable.isPresent()) {
      return unjudgeable.get();
    }

    Instant loadStart = clock.instant();
    status.accept(
        "["
            + plan.pod()
            + " loading] "
            + plan.load().method()
            + " "
            + plan.load().url()
            + " for "
            + GateClock.clock(plan.load().duration()));
    LoadSummary load =
        this.load.run(
            plan.load(),
            STATUS_EVERY,
            p ->
                status.accept(
                    "["
                        + plan.pod()
                        + " "
                        + LoadReport.progressLine(p)
                        + "] "
                        + signals.latestValues()));
    Instant loadEnd = clock.instant();
    status.accept("[" + plan.pod() + " load done] " + LoadReport.oneLine(load));

    if (!load.delivered()) {
      Optional<Recording> recording = signals.recording(baselineStart, loadStart, loadEnd, loadEnd);
      List<SignalVerdict> standing =
          recording
              .map(r -> engine.standing(OwnRecordings.read(r), loadEnd).signals())
              .orElse(List.of());
      return new LocalGateResult(
          LoadVerdicts.testedNothing(load, standing),
          Optional.of(load),
          recording.orElse(null),
          Optional.empty());
    }
    return recovery(plan, signals, baselineStart, loadStart, loadEnd, load);
  }

  /** Looks every scrape interval until the watch decides; a status line every few seconds. */
  private LocalGateResult recovery(
      LocalGatePlan plan,
      LocalSignals signals,
      Instant baselineStart,
      Instant loadStart,
      Instant loadEnd,
      LoadSummary load)
      throws InterruptedException {
    RecoveryWatch watch =
        new RecoveryWatch(plan.settings(), plan.scrapeInterval(), plan.scrapeInterval());
    Instant nextStatus = clock.instant();
    while (true) {
      Instant now = clock.instant();
      Optional<Recording> recording = signals.recording(baselineStart, loadStart, loadEnd, now);
      RecoveryWatch.Look look =
          recording.isPresent()
              ? watch.read(OwnRecordings.read(recording.get()), loadEnd, now)
              : watch.unreadable(signals.failing(now).orElse("no data"), loadEnd, now);
      if (look instanceof RecoveryWatch.Look.Decided decided) {
        GateVerdict verdict = decided.verdict();
        Optional<String> dump =
            verdict.verdict() == Verdict.FAILED ? threadDump(plan) : Optional.empty();
        return new LocalGateResult(verdict, Optional.of(load), recording.orElse(null), dump);
      }
      if (look instanceof RecoveryWatch.Look.Retrying retrying) {
        status.accept(
            "[" + plan.pod() + " recovering] reading failed, retrying: " + retrying.why());
      } else if (look instanceof RecoveryWatch.Look.Watching watching
          && !now.isBefore(nextStatus)) {
        status.accept(
            String.format(
                "[%s %s] %s%s",
                plan.pod(),
                GateClock.recovering(
                    Duration.between(loadEnd, now), plan.settings().recovery().timeout()),
                GateStatusLine.bands(watching.standing()),
                signals.failing(now).map(error -> "  (scrape failing: " + error + ")").orElse("")));
        nextStatus = now.plus(STATUS_EVERY);
      }
      sleepUntil(now.plus(watch.every()));
    }
  }

  private void giveUpIfNotAnswering(LocalSignals signals, Instant start) throws LocalGateException {
    Optional<String> why = signals.notAnswering(start, clock.instant());
    if (why.isPresent()) {
      throw new LocalGateException(why.get());
    }
  }

  /**
   * A baseline too thin to judge against ends the gate before the load: the verdict could only be
   * the same after the load and the whole recovery.
   */
  private Optional<LocalGateResult> unjudgeableBaseline(
      LocalGatePlan plan, Optional<Recording> recording) {
    Optional<GateVerdict> verdict =
        recording.flatMap(r -> engine.beforeLoad(OwnRecordings.read(r)));
    verdict.ifPresent(
        v ->
            status.accept(
                "[" + plan.pod() + " baseline done] not starting the load: " + v.message()));
    return verdict.map(
        v -> new LocalGateResult(v, Optional.empty(), recording.get(), Optional.empty()));
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

  private void sleepUntil(Instant when) throws InterruptedException {
    sleeper.sleepUntil(when);
  }

  private static void sleep(Clock clock, Instant when) throws InterruptedException {
    long millis = Duration.between(clock.instant(), when).toMillis();
    if (millis > 0) {
      Thread.sleep(millis);
    }
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
