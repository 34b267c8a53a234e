package dev.leakgate.local;

import dev.leakgate.analysis.GateSettings;
import dev.leakgate.load.LoadPlan;
import dev.leakgate.prometheus.Preset;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A validated gate for {@code leakgate run}: everything {@link LocalGate} needs, in typed form.
 *
 * @param pod the name the target goes by in output and recordings (with Prometheus: its pod label)
 * @param scrapeInterval how often LeakGate scrapes, or with Prometheus the query step
 * @param auto keep only the signals whose metrics the target exports
 * @param blocksWhenInconclusive {@code spec.inconclusive}: Block (true) or Allow
 */
public record LocalGatePlan(
    String gate,
    String pod,
    SignalOrigin origin,
    Optional<URI> threadDumpUrl,
    List<Preset.Signal> signals,
    boolean auto,
    Duration scrapeInterval,
    GateSettings settings,
    LoadPlan load,
    boolean blocksWhenInconclusive) {
  public LocalGatePlan {
    signals = List.copyOf(signals);
  }
}
