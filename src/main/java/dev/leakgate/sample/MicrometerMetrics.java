package dev.leakgate.sample;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.prometheus.client.exporter.common.TextFormat;

/**
 * The sample service's metrics through Micrometer's own binders, as a Spring Boot or Quarkus
 * service exports them: {@code jvm_threads_live_threads}, {@code jvm_gc_live_data_size_bytes},
 * {@code process_files_open_files}, {@code process_start_time_seconds}.
 */
// Micrometer's simpleclient registry, deprecated for its Prometheus 1.x one: the JVM binders'
// names are the same under both, and simpleclient is this project's Prometheus client.
@SuppressWarnings("deprecation")
final class MicrometerMetrics implements ServiceMetrics {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();

  MicrometerMetrics() {
    new JvmThreadMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  @Override
  public void countCall(String outcome) {
    Counter.builder("sample.requests")
        .description("Calls to /api/recommend by outcome.")
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  @Override
  public String contentType() {
    return TextFormat.CONTENT_TYPE_004;
  }

  @Override
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
