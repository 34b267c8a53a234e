package dev.leakgate.sample;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.exporter.prometheus.PrometheusMetricReader;
import io.opentelemetry.instrumentation.runtimemetrics.java17.RuntimeMetrics;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The sample service's metrics through the OpenTelemetry SDK and its Java 17 runtime
 * instrumentation, converted by OpenTelemetry's own Prometheus reader, as a service instrumented
 * with OpenTelemetry exports them: {@code jvm_thread_count}, {@code
 * jvm_memory_used_after_last_gc_bytes}, {@code jvm_memory_used_bytes} and, with the
 * instrumentation's experimental telemetry on, {@code jvm_file_descriptor_count}. It exports no
 * process start time.
 */
final class OpenTelemetryMetrics implements ServiceMetrics {
  private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("outcome");

  // No filter: no resource attribute is copied onto the series.
  private final PrometheusMetricReader reader = new PrometheusMetricReader(null);
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
  private final OpenTelemetrySdk sdk =
      OpenTelemetrySdk.builder()
          .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build())
          .build();
  // Experimental telemetry on: without it OpenTelemetry exports no open file count.
  private final RuntimeMetrics runtime =
      RuntimeMetrics.builder(sdk).emitExperimentalTelemetry().build();
  private final LongCounter calls =
      sdk.getMeter("leakgate-sample")
          .counterBuilder("sample.requests")
          .setDescription("Calls to /api/recommend by outcome.")
          .build();

  @Override
  public void countCall(String outcome) {
    calls.add(1, Attributes.of(OUTCOME, outcome));
  }

  @Override
  public String contentType() {
    return PrometheusTextFormatWriter.CONTENT_TYPE;
  }

  @Override
  public String scrape() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      writer.write(out, reader.collect());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    runtime.close();
    sdk.close();
  }
}
