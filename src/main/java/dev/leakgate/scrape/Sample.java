package dev.leakgate.scrape;

import java.util.Map;
import java.util.OptionalLong;

/**
 * One sample line of the Prometheus text format.
 *
 * @param timestampMillis the sample's own timestamp, when the exporter wrote one
 */
public record Sample(
    String name, Map<String, String> labels, double value, OptionalLong timestampMillis) {
  public Sample {
    labels = Map.copyOf(labels);
  }
}
