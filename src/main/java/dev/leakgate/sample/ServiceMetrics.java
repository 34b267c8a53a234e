package dev.leakgate.sample;

/**
 * What the sample service exports on {@code /metrics}: the JVM's threads, memory, fds and start
 * time, and its calls by outcome, under the names of one client library. Real services use
 * different libraries, and LeakGate's presets must find each one's names, so the sample service can
 * speak more than one.
 */
public interface ServiceMetrics extends AutoCloseable {
  /** Which library exports the metrics, and so under which names. */
  enum Naming {
    /** Prometheus simpleclient with its hotspot collectors: {@code jvm_threads_current}. */
    simpleclient,
    /** Micrometer's JVM and system binders: {@code jvm_threads_live_threads}. */
    micrometer,
    /** OpenTelemetry's Java runtime instrumentation: {@code jvm_thread_count}. */
    opentelemetry
  }

  /** One call to {@code /api/recommend} ended with this outcome ({@code ok}, {@code timeout}). */
  void countCall(String outcome);

  /** The {@code Content-Type} of {@link #scrape()}. */
  String contentType();

  /** The current values in Prometheus text format. */
  String scrape();

  @Override
  void close();

  static ServiceMetrics of(Naming naming) {
    return switch (naming) {
      case simpleclient -> new SimpleclientMetrics();
      case micrometer -> new MicrometerMetrics();
      case opentelemetry -> new OpenTelemetryMetrics();
    };
  }
}
