package dev.leakgate.recording;

import dev.leakgate.analysis.Series;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The series of one signal, shaped as Prometheus answers a range query: each with its labels and
 * its samples in time order. A value may be NaN or infinite, as Prometheus writes them; the engine
 * counts those as missing.
 */
public record Matrix(List<Matrix.Entry> result) {
  public Matrix {
    result = List.copyOf(result);
  }

  public static Matrix empty() {
    return new Matrix(List.of());
  }

  /** One pod's samples, labelled with just its pod. */
  public static Matrix ofPod(String pod, double[] times, double[] values) {
    return new Matrix(List.of(new Entry(Map.of("pod", pod), times, values)));
  }

  public boolean isEmpty() {
    return result.isEmpty();
  }

  /** The series as the engine reads them: named by pod, with NaN for every unusable value. */
  public List<Series> perPod() {
    List<Series> series = new ArrayList<>();
    for (Entry entry : result) {
      double[] values = entry.values().clone();
      for (int i = 0; i < values.length; i++) {
        values[i] = Double.isFinite(values[i]) ? values[i] : Double.NaN;
      }
      series.add(new Series(entry.pod(), entry.times(), values));
    }
    return series;
  }

  /**
   * @param metric the series' labels
   * @param times Unix seconds, ascending
   * @param values one per time
   */
  public record Entry(Map<String, String> metric, double[] times, double[] values) {
    public Entry {
      metric = Map.copyOf(metric);
      if (times.length != values.length) {
        throw new IllegalArgumentException("one value per time");
      }
    }

    /** The pod label, or the whole label set when there is none. */
    public String pod() {
      String pod = metric.get("pod");
      if (pod != null) {
        return pod;
      }
      StringBuilder name = new StringBuilder("{");
      new TreeMap<>(metric)
          .forEach(
              (k, v) ->
                  name.append(name.length() > 1 ? "," : "")
                      .append(k)
                      .append("=\"")
                      .append(v)
                      .append('"'));
      return name.append('}').toString();
    }

    // Arrays compare by content, so two readings of one file are equal.
    @Override
    public boolean equals(Object o) {
      return o instanceof Entry e
          && metric.equals(e.metric)
          && Arrays.equals(times, e.times)
          && Arrays.equals(values, e.values);
    }

    @Override
    public int hashCode() {
      return 31 * (31 * metric.hashCode() + Arrays.hashCode(times)) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
      return "Entry" + metric + "(" + times.length + " samples)";
    }
  }
}
