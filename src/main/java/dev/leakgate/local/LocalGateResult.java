package dev.leakgate.local;

import dev.leakgate.analysis.GateVerdict;
import dev.leakgate.load.LoadSummary;
import dev.leakgate.recording.Recording;
import java.util.Optional;

/**
 * How a local gate ended.
 *
 * @param load what the load delivered; empty when the gate ended before it (a baseline that could
 *     not be judged against)
 * @param recording the data read as a recording, for {@code judge}; null when it could not be read
 *     (Prometheus failing at the deadline)
 * @param threadDump the target's thread dump, fetched when the gate failed
 */
public record LocalGateResult(
    GateVerdict verdict,
    Optional<LoadSummary> load,
    Recording recording,
    Optional<String> threadDump) {}
