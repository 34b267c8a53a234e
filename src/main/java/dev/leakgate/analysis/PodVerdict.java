package dev.leakgate.analysis;

/**
 * The evidence for one signal on one pod. Numbers are NaN where they could not be computed.
 *
 * @param baseline median of the baseline window (of GC troughs for heap signals)
 * @param noise robust sigma of the baseline
 * @param allowed the top of the band: baseline + max(absolute, relative x baseline, 3 x noise)
 * @param peak highest sample from the load start to the decision
 * @param level the judged level: median of the level window (of GC troughs for heap signals)
 * @param last the last sample at the decision
 * @param slopePerHour Theil-Sen slope of the recent window, per hour
 */
public record PodVerdict(
    String pod,
    SignalResult result,
    double baseline,
    double noise,
    double allowed,
    double peak,
    double level,
    double last,
    double slopePerHour,
    Reason reason,
    String message) {}
