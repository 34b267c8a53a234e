package dev.leakgate.scrape;

import dev.leakgate.prometheus.Preset;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The samples of one target's signals, scraped over the gate, in memory. A failed scrape adds no
 * sample, as in Prometheus, so the verdict engine sees the gap. Written by the scraping thread,
 * read by the gate.
 */
public final class ScrapeLog {
  private final List<Preset.Signal> signals;
  private final Map<String, Track> tracks = new LinkedHashMap<>();
  private int scrapes;
  private int failures;
  private Optional<String> lastError = Optional.empty();
  private Optional<Instant> lastSuccess = Optional.empty();

  public ScrapeLog(List<Preset.Signal> signals) {
    this.signals = List.copyOf(signals);
    signals.forEach(s -> tracks.put(s.name(), new Track()));
  }

  /**
   * One signal's samples, and the naming its values were read under.
   *
   * @param companions each companion of the naming at each sample (NaN where the page had none);
   *     left out when the naming has none or no page had it
   */
  public record Samples(
      Preset.Signal signal,
      Optional<Preset.Variant> variant,
      double[] times,
      double[] values,
      Map<Preset.Companion, double[]> companions) {
    public boolean isEmpty() {
      return times.length == 0;
    }

    public Optional<double[]> companion(Preset.Companion companion) {
      return Optional.ofNullable(companions.get(companion));
    }
  }

  private static final class Track {
    Preset.Variant variant;
    final List<double[]> points = new ArrayList<>();
  }

  public synchronized void add(Instant at, List<Sample> page) {
    scrapes++;
    lastSuccess = Optional.of(at);
    double t = at.getEpochSecond() + at.getNano() / 1e9;
    for (Preset.Signal signal : signals) {
      Optional<ScrapedSignals.Reading> reading = ScrapedSignals.read(signal, page);
      if (reading.isEmpty()) {
        continue;
      }
      Track track = tracks.get(signal.name());
      // Keep to the first naming that answered: one signal, one metric, for the whole gate.
      if (track.variant == null) {
        track.variant = reading.get().variant();
      }
      if (track.variant.equals(reading.get().variant())) {
        // {time, value, then each companion by its ordinal}
        double[] point = new double[2 + Preset.Companion.values().length];
        point[0] = t;
        point[1] = reading.get().value();
        for (Preset.Companion c : Preset.Companion.values()) {
          point[2 + c.ordinal()] =
              c.of(track.variant).map(v -> ScrapedSignals.value(v, page)).orElse(Double.NaN);
        }
        track.points.add(point);
      }
    }
  }

  public synchronized void failed(String error) {
    scrapes++;
    failures++;
    lastError = Optional.of(error);
  }

  public synchronized Samples samples(String signal) {
    Track track = tracks.get(signal);
    double[] times = new double[track.points.size()];
    double[] values = new double[track.points.size()];
    for (int i = 0; i < times.length; i++) {
      times[i] = track.points.get(i)[0];
      values[i] = track.points.get(i)[1];
    }
    Map<Preset.Companion, double[]> companions = new EnumMap<>(Preset.Companion.class);
    for (Preset.Companion c : Preset.Companion.values()) {
      double[] companion = new double[times.length];
      for (int i = 0; i < times.length; i++) {
        companion[i] = track.points.get(i)[2 + c.ordinal()];
      }
      if (anyPresent(companion)) {
        companions.put(c, companion);
      }
    }
    Preset.Signal s =
        signals.stream().filter(x -> x.name().equals(signal)).findFirst().orElseThrow();
    return new Samples(s, Optional.ofNullable(track.variant), times, values, companions);
  }

  private static boolean anyPresent(double[] values) {
    for (double v : values) {
      if (!Double.isNaN(v)) {
        return true;
      }
    }
    return false;
  }

  /** The latest value of a signal, NaN when it has none. */
  public synchronized double latest(String signal) {
    List<double[]> points = tracks.get(signal).points;
    return points.isEmpty() ? Double.NaN : points.get(points.size() - 1)[1];
  }

  public synchronized int scrapes() {
    return scrapes;
  }

  public synchronized int failures() {
    return failures;
  }

  /** The last scrape error, when no scrape succeeded within {@code maxAge} before {@code now}. */
  public synchronized Optional<String> failingAt(Instant now, Duration maxAge) {
    boolean recentSuccess = lastSuccess.map(s -> !s.isBefore(now.minus(maxAge))).orElse(false);
    return recentSuccess ? Optional.empty() : lastError;
  }

  public synchronized Optional<String> lastError() {
    return lastError;
  }

  public synchronized Optional<Instant> lastSuccess() {
    return lastSuccess;
  }
}
