package dev.leakgate.benchmark;

import dev.leakgate.analysis.GateInput;
import dev.leakgate.analysis.GateSettings;
import dev.leakgate.analysis.Series;
import dev.leakgate.analysis.SignalInput;
import dev.leakgate.analysis.SignalKind;
import dev.leakgate.analysis.Tolerance;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoublePredicate;
import java.util.function.DoubleUnaryOperator;

/**
 * A seeded generator of labelled recordings for every class of leak-detection.md's corpus, at the
 * default settings (5 min baseline, 5 min load, 10 min recovery, 15 s scrapes). Leak sizes are
 * multiples of the signal's band {@code max(absolute, relative x level, 3 x noise sd)}, so "1.5x"
 * means "half a band beyond the edge" whatever the kind. The generator knows nothing of the
 * engine's internals; its parameter ranges come from leak-detection.md, not from tuning.
 */
final class CorpusGenerator {
  static final double SCRAPE = 15;
  static final double LOAD = 300;
  static final double BASELINE = 300;
  static final double TIMEOUT = 600;
  static final double LOAD_START = 1_795_860_000;
  static final String[] LEAK_SIZES = {"1.5x", "2x", "5x", "20x"};

  private static final double MIB = 1024 * 1024;
  private static final double[] PHIS = {0, 0.5, 0.9, 0.98};
  private static final SignalKind[] COUNT_KINDS = {
    SignalKind.THREADS, SignalKind.GOROUTINES, SignalKind.FDS, SignalKind.HANDLES
  };

  private final Random random;
  private int next;
  private String params = "";

  CorpusGenerator(long seed) {
    this.random = new Random(seed);
  }

  /**
   * {@code healthy} recordings of each healthy class, {@code perSize} of each leak class and size.
   */
  List<LabelledRecording> generate(int healthy, int perSize, int doubtful) {
    List<LabelledRecording> out = new ArrayList<>();
    for (int i = 0; i < healthy; i++) {
      out.add(healthy(TraceClass.HEALTHY, ""));
      out.add(healthy(TraceClass.HEALTHY_SAWTOOTH, ""));
    }
    for (int i = 0; i < healthy / 4; i++) {
      out.add(healthy(TraceClass.HEALTHY_DROPPED_SCRAPES, ""));
      out.add(healthy(TraceClass.HEALTHY_AUTOSCALED, ""));
      out.add(healthy(TraceClass.SLOW_RECOVERY, ""));
    }
    for (String size : LEAK_SIZES) {
      double k = Double.parseDouble(size.replace("x", ""));
      for (int i = 0; i < perSize; i++) {
        out.add(leak(TraceClass.STEP_LEAK, size, k));
        out.add(leak(TraceClass.SLOW_LEAK, size, k));
        out.add(leak(TraceClass.RISING_TROUGHS, size, k));
        out.add(leak(TraceClass.ONE_POD_OF_MANY, size, k));
      }
    }
    for (int extra : new int[] {50, 500, 15_000}) {
      for (int i = 0; i < perSize; i++) {
        out.add(goroutineLeak(extra));
      }
    }
    for (int i = 0; i < doubtful; i++) {
      out.add(oomKill());
      out.add(healthy(TraceClass.RESTART, ""));
      out.add(healthy(TraceClass.GAP, ""));
      out.add(healthy(TraceClass.NO_BASELINE, ""));
      out.add(healthy(TraceClass.STALE_TAIL, ""));
    }
    return out;
  }

  // --- one trace per class ---------------------------------------------------------------

  /** Time with the load cut out: its samples all fall at the load's start. */
  private static double watchedTime(double t) {
    return t < LOAD_START ? t : Math.max(LOAD_START, t - LOAD);
  }

  private LabelledRecording healthy(TraceClass cls, String size) {
    boolean heap = cls == TraceClass.HEALTHY_SAWTOOTH;
    SignalKind kind = heap ? SignalKind.HEAP : pick(COUNT_KINDS);
    int pods = 1 + random.nextInt(3);
    double tau = cls == TraceClass.SLOW_RECOVERY ? 600 : random.nextBoolean() ? 30 : 120;
    List<Series> series = new ArrayList<>();
    List<Series> startTimes = new ArrayList<>();
    double restartAt = LOAD_START + uniform(-BASELINE / 2, LOAD + TIMEOUT / 2);
    double gapLength = uniform(60, 600);
    // Placed in the time a gate watches (the baseline, and after the load: holes during the load
    // are not judged), centred between the baseline start and 2 min after the load, before any
    // gate can decide. A gap after a decision is never seen by a gate that has stopped watching.
    double gapStart = LOAD_START + uniform(-BASELINE, 120) - gapLength / 2;
    double dropRate = uniform(0.05, 0.30);
    double staleEnd = LOAD_START + LOAD + uniform(0, 120);
    for (int p = 0; p < pods; p++) {
      Noise noise = noise(kind);
      double level = noise.level;
      double peak = uniform(1.5, 10);
      if (p == 0) {
        params += String.format(java.util.Locale.ROOT, " tau=%.0f peak=%.1fx", tau, peak);
      }
      DoubleUnaryOperator shape = hump(level, level * peak, tau, 0);
      if (heap) {
        shape = sawtooth(shape, level);
      }
      DoublePredicate present = t -> true;
      DoubleUnaryOperator values = shape;
      switch (cls) {
        case HEALTHY_DROPPED_SCRAPES -> present = t -> random.nextDouble() >= dropRate;
        case GAP ->
            present = t -> watchedTime(t) < gapStart || watchedTime(t) > gapStart + gapLength;
        case NO_BASELINE -> present = t -> t >= LOAD_START;
        case STALE_TAIL -> present = t -> t <= staleEnd;
        case RESTART -> {
          DoubleUnaryOperator before = shape;
          values = t -> t < restartAt ? before.applyAsDouble(t) : level * 0.8;
          startTimes.add(steps("api-" + p, t -> t < restartAt ? LOAD_START - 7200 : restartAt));
        }
        default -> {}
      }
      series.add(sample("api-" + p, values, noise, present, kind != SignalKind.HEAP));
    }
    if (cls == TraceClass.HEALTHY_AUTOSCALED) {
      Noise noise = noise(kind);
      series.add(sample("api-new", t -> noise.level * 3, noise, t -> t > LOAD_START + 60, true));
    }
    List<SignalInput> signals = new ArrayList<>();
    signals.add(signal(kind, series));
    signals.add(retainedRss(series));
    if (!startTimes.isEmpty()) {
      signals.add(
          new SignalInput(
              "process-start-time", SignalKind.START_TIME, false, new Tolerance(0, 0), startTimes));
    }
    return labelled(cls, size, signals);
  }

  private LabelledRecording leak(TraceClass cls, String size, double k) {
    boolean heap = cls == TraceClass.RISING_TROUGHS;
    SignalKind kind = heap ? SignalKind.HEAP : pick(COUNT_KINDS);
    int pods = cls == TraceClass.ONE_POD_OF_MANY ? (random.nextBoolean() ? 3 : 10) : 1;
    int leaking = random.nextInt(pods);
    double tau = random.nextBoolean() ? 30 : 120;
    List<Series> series = new ArrayList<>();
    for (int p = 0; p < pods; p++) {
      Noise noise = noise(kind);
      double level = noise.level;
      double excess = p == leaking ? k * band(kind, level, noise.sd) : 0;
      DoubleUnaryOperator shape;
      if (cls == TraceClass.SLOW_LEAK || cls == TraceClass.RISING_TROUGHS) {
        DoubleUnaryOperator hump = hump(level, level * uniform(1.5, 10), tau, 0);
        double perSecond = excess / (LOAD + TIMEOUT);
        shape = t -> hump.applyAsDouble(t) + (t > LOAD_START ? (t - LOAD_START) * perSecond : 0);
      } else {
        shape = hump(level, level * uniform(1.5, 10) + excess, tau, excess);
      }
      if (heap) {
        shape = sawtooth(shape, level);
      }
      series.add(sample("api-" + p, shape, noise, t -> true, !heap));
    }
    return labelled(cls, size, List.of(signal(kind, series)));
  }

  private LabelledRecording goroutineLeak(int extra) {
    Noise noise = noise(SignalKind.GOROUTINES);
    double level = noise.level;
    DoubleUnaryOperator shape = hump(level, level * uniform(1.5, 10) + extra, 30, extra);
    Series series = sample("api-0", shape, noise, t -> true, true);
    return labelled(
        TraceClass.GOROUTINE_LEAK,
        "+" + extra,
        List.of(signal(SignalKind.GOROUTINES, List.of(series))));
  }

  private LabelledRecording oomKill() {
    Noise noise = noise(SignalKind.THREADS);
    double level = noise.level;
    double killedAt = LOAD_START + uniform(LOAD / 4, LOAD);
    DoubleUnaryOperator before = hump(level, level * uniform(1.5, 10), 30, 0);
    DoubleUnaryOperator values = t -> t < killedAt ? before.applyAsDouble(t) : level * 0.8;
    List<SignalInput> signals = new ArrayList<>();
    signals.add(
        signal(SignalKind.THREADS, List.of(sample("api-0", values, noise, t -> true, true))));
    signals.add(
        new SignalInput(
            "process-start-time",
            SignalKind.START_TIME,
            false,
            new Tolerance(0, 0),
            List.of(steps("api-0", t -> t < killedAt ? LOAD_START - 7200 : killedAt + 2))));
    signals.add(
        new SignalInput(
            "oom-killed",
            SignalKind.OOM_KILLED,
            false,
            new Tolerance(0, 0),
            List.of(steps("api-0", t -> t < killedAt ? 0 : 1))));
    return labelled(TraceClass.OOM_KILL, "", signals);
  }

  // --- building blocks -------------------------------------------------------------------

  /** A level and AR(1) noise: CV 2-15% of the level, phi from {0, 0.5, 0.9, 0.98}. */
  private record Noise(double level, double sd, double phi, long seed) {}

  private Noise noise(SignalKind kind) {
    double level =
        switch (kind) {
          case HEAP -> uniform(40, 400) * MIB;
          case GOROUTINES -> uniform(50, 2000);
          case THREADS -> uniform(20, 300);
          default -> uniform(30, 500);
        };
    Noise noise = new Noise(level, level * uniform(0.02, 0.15), pick(PHIS), random.nextLong());
    if (params.isEmpty()) {
      params =
          String.format(
              java.util.Locale.ROOT, "phi=%.2f cv=%.3f", noise.phi, noise.sd / noise.level);
    }
    return noise;
  }

  /** The nominal band of the engine's defaults: max(absolute, relative x level, 3 x noise sd). */
  static double band(SignalKind kind, double level, double sd) {
    return kind.defaultTolerance().width(level, sd);
  }

  /**
   * Baseline level, a climb during the load, then decay with time constant tau to level + retained.
   */
  private static DoubleUnaryOperator hump(double level, double peak, double tau, double retained) {
    return t -> {
      double s = t - LOAD_START;
      if (s < 0) {
        return level;
      }
      if (s <= LOAD) {
        return level + (peak - level) * (1 - Math.exp(-5 * s / LOAD));
      }
      double atEnd = level + (peak - level) * (1 - Math.exp(-5));
      return level + retained + (atEnd - level - retained) * Math.exp(-(s - LOAD) / tau);
    };
  }

  /** A raw heap: the shape is the post-GC trough; allocation climbs 10-60% over each GC period. */
  private DoubleUnaryOperator sawtooth(DoubleUnaryOperator troughs, double level) {
    double period = uniform(10, 120);
    double amplitude = level * uniform(0.10, 0.60);
    double phase = uniform(0, period);
    return t -> troughs.applyAsDouble(t) + amplitude * (((t + phase) % period) / period);
  }

  /**
   * Samples a shape every scrape from the baseline start to the timeout, with AR(1) noise, 1%
   * spikes at 3x, and counts rounded to whole numbers.
   */
  private Series sample(
      String pod, DoubleUnaryOperator shape, Noise noise, DoublePredicate present, boolean round) {
    Random r = new Random(noise.seed);
    List<double[]> samples = new ArrayList<>();
    double state = r.nextGaussian() * noise.sd;
    double innovation = noise.sd * Math.sqrt(1 - noise.phi * noise.phi);
    for (double t = LOAD_START - BASELINE; t <= LOAD_START + LOAD + TIMEOUT; t += SCRAPE) {
      state = noise.phi * state + innovation * r.nextGaussian();
      double value = Math.max(0, shape.applyAsDouble(t) + state);
      if (r.nextDouble() < 0.01) {
        value *= 3;
      }
      if (round) {
        value = Math.rint(value);
      }
      if (present.test(t)) {
        samples.add(new double[] {t, value});
      }
    }
    return series(pod, samples);
  }

  private static Series steps(String pod, DoubleUnaryOperator value) {
    List<double[]> samples = new ArrayList<>();
    for (double t = LOAD_START - BASELINE; t <= LOAD_START + LOAD + TIMEOUT; t += SCRAPE) {
      samples.add(new double[] {t, value.applyAsDouble(t)});
    }
    return series(pod, samples);
  }

  private static Series series(String pod, List<double[]> samples) {
    return new Series(
        pod,
        samples.stream().mapToDouble(s -> s[0]).toArray(),
        samples.stream().mapToDouble(s -> s[1]).toArray());
  }

  /** Container RSS that keeps 0, 10 or 30% of what the load took: warn-only, never a failure. */
  private SignalInput retainedRss(List<Series> judged) {
    double retainedShare = pick(new double[] {0, 0.1, 0.3});
    List<Series> rss = new ArrayList<>();
    for (Series s : judged) {
      double level = uniform(200, 800) * MIB;
      double peak = level * uniform(1.5, 3);
      Noise noise = new Noise(level, level * 0.01, 0.9, random.nextLong());
      rss.add(
          sample(
              s.pod(),
              hump(level, peak, 120, (peak - level) * retainedShare),
              noise,
              t -> !Double.isNaN(valueAt(s, t)),
              true));
    }
    return new SignalInput(
        "container-rss", SignalKind.MEMORY, false, SignalKind.MEMORY.defaultTolerance(), rss);
  }

  private static double valueAt(Series s, double t) {
    int i = s.firstAtOrAfter(t);
    return i < s.size() && s.time(i) == t ? s.value(i) : Double.NaN;
  }

  private static SignalInput signal(SignalKind kind, List<Series> series) {
    return new SignalInput(kind.id(), kind, true, kind.defaultTolerance(), series);
  }

  private LabelledRecording labelled(TraceClass cls, String size, List<SignalInput> signals) {
    GateInput input =
        new GateInput(
            Instant.ofEpochSecond((long) LOAD_START),
            Instant.ofEpochSecond((long) (LOAD_START + LOAD)),
            GateSettings.defaults(),
            signals);
    String drawn = params;
    params = "";
    return new LabelledRecording(cls.name().toLowerCase() + "-" + next++, cls, size, drawn, input);
  }

  private double uniform(double from, double to) {
    return from + (to - from) * random.nextDouble();
  }

  private <T> T pick(T[] values) {
    return values[random.nextInt(values.length)];
  }

  private double pick(double[] values) {
    return values[random.nextInt(values.length)];
  }
}
