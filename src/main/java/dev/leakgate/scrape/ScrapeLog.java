package dev.leakgate.scrape;

import dev.leakgate.prometheus.Preset;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
   * @param collections the naming's collection counter at each sample (NaN where the page had
   *     none); empty when the naming has no counter or no page had it
   * @param upperBound the naming's bounding gauge at each sample, likewise
   */
  public record Samples(
      Preset.Signal signal,
      Optional<Preset.Variant> variant,
      double[] times,
      double[] values,
      Optional<double[]> collections,
      Optional<double[]> upperBound) {
    public boolean isEmpty() {
      return times.length == 0;
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
        double count =
            track.variant.collections().map(c -> ScrapedSignals.value(c, page)).orElse(Double.NaN);
        double bound =
            track.variant.upperBound().map(b -> ScrapedSignals.value(b, page)).orElse(Double.NaN);
        track.points.add(new double[] {t, reading.get().value(), count, bound});
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
    double[] counts = new double[track.points.size()];
    double[] bounds = new double[track.points.size()];
    for (int i = 0; i < times.length; i++) {
      times[i] = track.points.get(i)[0];
      values[i] = track.points.get(i)[1];
      counts[i] = track.points.get(i)[2];
      bounds[i] = track.points.get(i)[3];
    }
    Preset.Signal s =
        signals.stream().filter(x -> x.name().equals(signal)).findFirst().orElseThrow();
    return new Samples(
        s,
        Optional.ofNullable(track.variant),
        times,
        values,
        anyPresent(counts) ? Optional.of(counts) : Optional.empty(),
        anyPresent(bounds) ? Optional.of(bounds) : Optional.empty());
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
