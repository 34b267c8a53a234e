package dev.leakgate.operator.steps;

/** The work of one non-final phase. Steps change only the gate's working status. */
public sealed interface PhaseStep permits PendingStep, BaselineStep, LoadingStep, RecoveringStep {
  Progress run(Gate gate);
}
