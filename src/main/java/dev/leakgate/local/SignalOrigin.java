package dev.leakgate.local;

import java.net.URI;

/** Where {@code leakgate run} reads the target's signals. */
public sealed interface SignalOrigin {

  /** LeakGate scrapes the target's {@code /metrics} itself (the default). */
  record Scrape(URI metricsUrl) implements SignalOrigin {}

  /**
   * A Prometheus that scrapes the target, its series labelled with {@code namespace} and {@code
   * pod} as in a cluster; the presets' PromQL selects them.
   */
  record Prometheus(URI url, String namespace, boolean insecure) implements SignalOrigin {}
}
