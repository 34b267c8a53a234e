package dev.leakgate.testing;

import io.opentelemetry.exporter.prometheus.PrometheusHttpServer;
import io.opentelemetry.instrumentation.runtimemetrics.java17.RuntimeMetrics;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;

/**
 * A JVM exporting its runtime metrics the OpenTelemetry way (the SDK, the Java 17 runtime
 * instrumentation and OpenTelemetry's own Prometheus exporter), run as its own process, so the jvm
 * preset's OpenTelemetry names are checked against what OpenTelemetry really serves.
 */
public final class OtelJvmExporter {
  private OtelJvmExporter() {}

  /** Starts the exporter as a child process on a free loopback port. */
  public static ListeningProcess start(Path log) throws IOException {
    return new ListeningProcess(
        log,
        List.of(
            ListeningProcess.java(),
            "-cp",
            System.getProperty("java.class.path"),
            OtelJvmExporter.class.getName()));
  }

  public static void main(String[] args) throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress("127.0.0.1", 0));
      port = probe.getLocalPort();
    }
    PrometheusHttpServer exporter =
        PrometheusHttpServer.builder().setHost("127.0.0.1").setPort(port).build();
    OpenTelemetrySdk sdk =
        OpenTelemetrySdk.builder()
            .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(exporter).build())
            .build();
    try (RuntimeMetrics runtime = RuntimeMetrics.create(sdk)) {
      System.out.println("listening on http://127.0.0.1:" + port);
      System.out.flush();
      Thread.currentThread().join();
    }
  }
}
