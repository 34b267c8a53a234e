package dev.leakgate.sample;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.exporter.common.TextFormat;
import io.prometheus.client.hotspot.DefaultExports;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** The sample service's metrics through the Prometheus simpleclient and its hotspot collectors. */
final class SimpleclientMetrics implements ServiceMetrics {
  private final CollectorRegistry registry = new CollectorRegistry();
  private final Counter calls;

  SimpleclientMetrics() {
    DefaultExports.register(registry);
    this.calls =
        Counter.build("sample_requests_total", "Calls to /api/recommend by outcome.")
            .labelNames("outcome")
            .register(registry);
  }

  @Override
  public void countCall(String outcome) {
    calls.labels(outcome).inc();
  }

  @Override
  public String contentType() {
    return TextFormat.CONTENT_TYPE_004;
  }

  @Override
  public String scrape() {
    StringWriter body = new StringWriter();
    try {
      TextFormat.write004(body, registry.metricFamilySamples());
    } catch (IOException e) {
      throw new UncheckedIOException("a StringWriter does not fail", e);
    }
    return body.toString();
  }

  @Override
  public void close() {
    registry.clear();
  }
}
