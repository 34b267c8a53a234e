package dev.leakgate.prometheus;

import dev.leakgate.recording.Matrix;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Raw samples of a selector folded into one series per pod, as the preset's {@code max by (pod)} or
 * {@code sum by (pod)} would fold them. Every series of one scrape carries that scrape's timestamp,
 * so the samples of one pod's series are folded where their timestamps are equal; this assumes, as
 * the presets' metrics do, that a pod's series come from one scrape target.
 */
final class RawSeries {
  private RawSeries() {}

  static Matrix perPod(Matrix raw, Preset.Aggregation aggregation) {
    Map<String, TreeMap<Double, Double>> pods = new TreeMap<>();
    for (Matrix.Entry series : raw.result()) {
      String pod = series.metric().getOrDefault("pod", "");
      TreeMap<Double, Double> folded = pods.computeIfAbsent(pod, p -> new TreeMap<>());
      for (int i = 0; i < series.times().length; i++) {
        folded.merge(
            series.times()[i],
            series.values()[i],
            aggregation == Preset.Aggregation.SUM ? Double::sum : Math::max);
      }
    }
    List<Matrix.Entry> out = new ArrayList<>();
    pods.forEach(
        (pod, samples) ->
            out.add(
                new Matrix.Entry(
                    Map.of("pod", pod),
                    samples.keySet().stream().mapToDouble(Double::doubleValue).toArray(),
                    samples.values().stream().mapToDouble(Double::doubleValue).toArray())));
    return new Matrix(out);
  }
}
