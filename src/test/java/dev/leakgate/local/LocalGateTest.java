package dev.leakgate.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leakgate.analysis.GateSettings;
import dev.leakgate.analysis.GateVerdict;
import dev.leakgate.analysis.PodVerdict;
import dev.leakgate.analysis.Reason;
import dev.leakgate.analysis.Recovery;
import dev.leakgate.analysis.SignalKind;
import dev.leakgate.analysis.SignalResult;
import dev.leakgate.analysis.Verdict;
import dev.leakgate.load.Arrivals;
import dev.leakgate.load.LoadPlan;
import dev.leakgate.load.LoadProgress;
import dev.leakgate.load.LoadSummary;
import dev.leakgate.prometheus.Preset;
import dev.leakgate.recording.Matrix;
import dev.leakgate.recording.RecordedSignal;
import dev.leakgate.recording.Recording;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link LocalGate}'s phases at fixed times: a clock that moves only when the gate sleeps, signals
 * that follow a shape in that time, and a load that takes its duration on that clock. A gate of
 * several simulated minutes runs in milliseconds, and every time it acts at is exact.
 */
class LocalGateTest {
  private static final Instant START = Instant.parse("2026-11-28T10:00:00Z");
  private static final Duration SCRAPE = Duration.ofSeconds(5);
  private static final Duration BASELINE = Duration.ofSeconds(60);
  private static final Duration LOAD = Duration.ofSeconds(30);
  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  private final FakeTime time = new FakeTime(START);
  private final List<String> lines = new ArrayList<>();

  @Test
  void aLeakFailsWithItsPodAndTheLoadRunsRightAfterTheBaseline() throws Exception {
    // 40 threads; the load leaves 160 behind that never go.
    Shape leak = (t, loadStart, loadEnd) -> t < loadStart ? 40 + wobble(t) : 200 + wobble(t);
    FakeLoad load = new FakeLoad(true);

    GateVerdict verdict = gate(new FakeSignals(leak), load).run(plan()).verdict();

    assertThat(load.startedAt).isEqualTo(START.plus(BASELINE));
    assertThat(verdict.verdict()).isEqualTo(Verdict.FAILED);
    assertThat(verdict.message()).startsWith("jvm-threads on checkout-0:");
    PodVerdict pod = verdict.signals().get(0).pods().get(0);
    assertThat(pod.pod()).isEqualTo("checkout-0");
    assertThat(pod.result()).isEqualTo(SignalResult.LEAK);
    assertThat(pod.reason()).isEqualTo(verdict.reason());
    assertThat(pod.level() - pod.baseline()).isBetween(150.0, 170.0);
    // Decided on the clock, after the grace (a fifth of the timeout) and by the timeout.
    Instant loadEnd = START.plus(BASELINE).plus(LOAD);
    assertThat(verdict.decidedAfterSeconds()).isBetween(24.0, 120.0);
    assertThat(time.instant()).isEqualTo(loadEnd.plusSeconds((long) verdict.decidedAfterSeconds()));
    assertThat(lines)
        .anyMatch(l -> l.startsWith("[checkout-0 baseline 0:05/1:00]"))
        .anyMatch(l -> l.startsWith("[checkout-0 loading] GET http://127.0.0.1:9/api for 0:30"))
        .anyMatch(l -> l.startsWith("[checkout-0 load done]"))
        .anyMatch(l -> l.startsWith("[checkout-0 recovering 0:"));
  }

  @Test
  void aRecoveryPassesOnceInBandForTheSettleEvaluations() throws Exception {
    // The load lifts 40 threads to 120; they are back 20 s after it.
    Shape healthy =
        (t, loadStart, loadEnd) ->
            t >= loadStart && t < loadEnd + 20 ? 120 + wobble(t) : 40 + wobble(t);

    GateVerdict verdict = gate(new FakeSignals(healthy), new FakeLoad(true)).run(plan()).verdict();

    assertThat(verdict.verdict()).as(verdict.message()).isEqualTo(Verdict.PASSED);
    assertThat(verdict.signals().get(0).pods().get(0).result()).isEqualTo(SignalResult.RECOVERED);
    assertThat(verdict.decidedAfterSeconds()).isGreaterThanOrEqualTo(24.0).isLessThan(120.0);
    assertThat(time.instant())
        .isEqualTo(
            START.plus(BASELINE).plus(LOAD).plusSeconds((long) verdict.decidedAfterSeconds()));
  }

  @Test
  void aLoadThatDeliveredNothingEndsAtOnceWithoutWaitingForRecovery() throws Exception {
    Shape flat = (t, loadStart, loadEnd) -> 40 + wobble(t);

    LocalGateResult result = gate(new FakeSignals(flat), new FakeLoad(false)).run(plan());

    assertThat(result.verdict().verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(result.verdict().reason()).isEqualTo(Reason.LOAD_NOT_DELIVERED);
    assertThat(result.verdict().message()).contains("connect");
    assertThat(time.instant()).isEqualTo(START.plus(BASELINE).plus(LOAD));
    assertThat(result.recording()).isNotNull();
  }

  @Test
  void signalsThatCannotBeReadAreRetriedUntilTheDeadlineNeverPassed() throws Exception {
    Shape healthy = (t, loadStart, loadEnd) -> 40 + wobble(t);
    FakeSignals signals = new FakeSignals(healthy);
    signals.failingAfterLoad = true;

    GateVerdict verdict = gate(signals, new FakeLoad(true)).run(plan()).verdict();

    assertThat(verdict.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(verdict.reason()).isEqualTo(Reason.PROMETHEUS_UNAVAILABLE);
    assertThat(verdict.message()).contains("connection refused");
    // The deadline (load end + timeout + two scrapes), then two more looks, one per scrape.
    Instant deadline = START.plus(BASELINE).plus(LOAD).plus(TIMEOUT).plus(SCRAPE.multipliedBy(2));
    assertThat(time.instant()).isEqualTo(deadline.plus(SCRAPE.multipliedBy(2)));
    assertThat(lines).anyMatch(l -> l.contains("reading failed, retrying: connection refused"));
  }

  @Test
  void aSignalMissingAtTheBaselineEndStopsTheGateBeforeTheLoad() {
    FakeSignals signals = new FakeSignals((t, loadStart, loadEnd) -> 40);
    signals.missing = Optional.of("jvm-threads has no series on http://127.0.0.1:9/metrics");
    FakeLoad load = new FakeLoad(true);

    assertThatThrownBy(() -> gate(signals, load).run(plan()))
        .isInstanceOf(LocalGateException.class)
        .hasMessageContaining("jvm-threads has no series");
    assertThat(load.startedAt).isNull();
    assertThat(signals.closed).isTrue();
  }

  @Test
  void aSourceThatNeverAnswersEndsTheGateWithinSecondsNotAfterTheBaseline() {
    FakeSignals signals = new FakeSignals((t, loadStart, loadEnd) -> 40);
    signals.notAnsweringFrom = START.plusSeconds(15);
    FakeLoad load = new FakeLoad(true);

    assertThatThrownBy(() -> gate(signals, load).run(plan()))
        .isInstanceOf(LocalGateException.class)
        .hasMessage("could not scrape http://127.0.0.1:9/metrics: connection refused");
    // Asked at the start and after every status step: given up at the first step past 15 s.
    assertThat(time.instant()).isEqualTo(START.plusSeconds(15));
    assertThat(load.startedAt).isNull();
    assertThat(signals.closed).isTrue();
  }

  @Test
  void aBaselineTooThinToJudgeEndsInconclusiveWithoutRunningTheLoad() throws Exception {
    // The target answered only for the last 10 s of the 60 s window.
    FakeSignals signals = new FakeSignals((t, loadStart, loadEnd) -> 40 + wobble(t));
    signals.samplesFrom = START.plusSeconds(50);
    FakeLoad load = new FakeLoad(true);

    LocalGateResult result = gate(signals, load).run(plan());

    assertThat(result.verdict().verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(result.verdict().reason()).isEqualTo(Reason.INSUFFICIENT_BASELINE);
    assertThat(result.verdict().message())
        .startsWith("jvm-threads on checkout-0: baseline window has 1 of ~12 expected samples");
    assertThat(load.startedAt).isNull();
    assertThat(result.load()).isEmpty();
    assertThat(result.recording()).isNotNull();
    assertThat(time.instant()).isEqualTo(START.plus(BASELINE));
    assertThat(lines)
        .anyMatch(l -> l.startsWith("[checkout-0 baseline done] not starting the load: "));
  }

  private LocalGate gate(FakeSignals signals, FakeLoad load) {
    load.time = time;
    return new LocalGate(
        time, time::sleepUntil, HttpClient.newHttpClient(), plan -> signals, load, lines::add);
  }

  static LocalGatePlan plan() {
    return new LocalGatePlan(
        "checkout",
        "checkout-0",
        new SignalOrigin.Scrape(URI.create("http://127.0.0.1:9/metrics")),
        Optional.empty(),
        Preset.resolve(List.of("jvm-threads")),
        false,
        SCRAPE,
        new GateSettings(
            BASELINE,
            new Recovery(Optional.empty(), TIMEOUT, Optional.empty(), Recovery.DEFAULT_SETTLE)),
        new LoadPlan(
            URI.create("http://127.0.0.1:9/api"),
            "GET",
            List.of(),
            null,
            new Arrivals.Rate(10, 100),
            LOAD,
            Duration.ofSeconds(1),
            Duration.ZERO),
        true);
  }

  /** A little deterministic noise, so the baseline has a spread as a real one does. */
  private static double wobble(double t) {
    return ((long) t / 5) % 3 - 1;
  }

  /** A signal's value at time t (epoch seconds), given when the load ran. */
  @FunctionalInterface
  interface Shape {
    double at(double t, double loadStart, double loadEnd);
  }

  /** A clock that moves only when the gate sleeps. */
  static final class FakeTime extends Clock {
    private Instant now;

    FakeTime(Instant start) {
      this.now = start;
    }

    void sleepUntil(Instant when) {
      if (when.isAfter(now)) {
        now = when;
      }
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  /** The load: takes its duration on the fake clock; delivered or refused everywhere. */
  static final class FakeLoad implements LocalGate.Load {
    private final boolean delivers;
    FakeTime time;
    Instant startedAt;

    FakeLoad(boolean delivers) {
      this.delivers = delivers;
    }

    @Override
    public LoadSummary run(
        LoadPlan plan, Duration every, java.util.function.Consumer<LoadProgress> p) {
      startedAt = time.instant();
      time.advance(plan.duration());
      long requests = plan.duration().toSeconds() * 10;
      return new LoadSummary(
          plan.url().toString(),
          "open",
          10.0,
          null,
          plan.duration().toSeconds(),
          requests,
          delivers ? requests : 0,
          delivers ? Map.of() : Map.of("connect", requests),
          0,
          10.0,
          new LoadSummary.Latency(1, 2, 3, 4, 1.5));
    }
  }

  /** Samples every scrape interval from the baseline start, following a shape. */
  static final class FakeSignals implements LocalSignals {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final Shape shape;
    boolean failingAfterLoad;
    Optional<String> missing = Optional.empty();
    Instant notAnsweringFrom = Instant.MAX;
    Instant samplesFrom = Instant.MIN;
    boolean closed;
    private Instant lastAsked;

    FakeSignals(Shape shape) {
      this.shape = shape;
    }

    @Override
    public void start() {}

    @Override
    public Optional<String> notAnswering(Instant start, Instant now) {
      return now.isBefore(notAnsweringFrom)
          ? Optional.empty()
          : Optional.of("could not scrape http://127.0.0.1:9/metrics: connection refused");
    }

    @Override
    public String latestValues() {
      return "jvm-threads " + (lastAsked == null ? "-" : "seen");
    }

    @Override
    public Optional<Recording> resolve(Instant baselineStart, Instant now)
        throws LocalGateException {
      if (missing.isPresent()) {
        throw new LocalGateException(missing.get());
      }
      return recording(baselineStart, now, now, now);
    }

    @Override
    public Optional<Recording> recording(
        Instant baselineStart, Instant loadStart, Instant loadEnd, Instant now) {
      lastAsked = now;
      if (failingAfterLoad && !now.isBefore(loadEnd)) {
        return Optional.empty();
      }
      List<Double> times = new ArrayList<>();
      List<Double> values = new ArrayList<>();
      for (Instant t = baselineStart; !t.isAfter(now); t = t.plus(SCRAPE)) {
        if (t.isBefore(samplesFrom)) {
          continue;
        }
        times.add((double) t.getEpochSecond());
        values.add(
            shape.at(t.getEpochSecond(), loadStart.getEpochSecond(), loadEnd.getEpochSecond()));
      }
      return Optional.of(
          new Recording(
              loadStart,
              loadEnd,
              Optional.empty(),
              plan().settings(),
              List.of(
                  RecordedSignal.read(
                      "jvm-threads",
                      SignalKind.THREADS,
                      "jvm_threads_current",
                      false,
                      Matrix.ofPod(
                          "checkout-0",
                          times.stream().mapToDouble(Double::doubleValue).toArray(),
                          values.stream().mapToDouble(Double::doubleValue).toArray())))));
    }

    @Override
    public Optional<String> failing(Instant now) {
      return failingAfterLoad ? Optional.of("connection refused") : Optional.empty();
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
