package dev.leakgate.benchmark;

import dev.leakgate.analysis.GateInput;

/**
 * One generated recording and its ground truth.
 *
 * @param size the leak size relative to the band ("1.5x"), or a variant label; "" when none
 * @param params the drawn parameters of the first pod (noise, recovery), for diagnosis
 */
record LabelledRecording(
    String id, TraceClass traceClass, String size, String params, GateInput input) {}
