package dev.leakgate.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
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

  static ObjectNode perPod(ObjectNode matrix, Preset.Aggregation aggregation) {
    Map<String, TreeMap<Double, Double>> pods = new TreeMap<>();
    for (JsonNode series : matrix.path("result")) {
      String pod = series.path("metric").path("pod").asText();
      TreeMap<Double, Double> folded = pods.computeIfAbsent(pod, p -> new TreeMap<>());
      for (JsonNode sample : series.path("values")) {
        double value = parse(sample.path(1).asText());
        folded.merge(
            sample.path(0).asDouble(),
            value,
            aggregation == Preset.Aggregation.SUM ? Double::sum : Math::max);
      }
    }
    JsonNodeFactory json = JsonNodeFactory.instance;
    Map<JsonNode, ArrayNode> series = new LinkedHashMap<>();
    pods.forEach(
        (pod, samples) -> {
          ArrayNode values = json.arrayNode();
          samples.forEach((t, v) -> values.addArray().add(t).add(text(v)));
          series.put(json.objectNode().put("pod", pod), values);
        });
    return PrometheusClient.matrix(series);
  }

  /** A value as Prometheus writes it in its JSON answers ({@code "+Inf"} is not Java's). */
  private static double parse(String text) {
    return switch (text) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(text);
    };
  }

  /** A value as Prometheus writes it in its JSON answers. */
  private static String text(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
