package dev.leakgate.benchmark;

import dev.leakgate.analysis.GateInput;
import dev.leakgate.analysis.Verdict;

/** Anything that turns a recording into a verdict, for side-by-side scoring. */
interface Judge {
  String name();

  Outcome judge(GateInput input);

  /** A verdict and when it was reached, in seconds after the load end. */
  record Outcome(Verdict verdict, double decidedAfterSeconds) {}
}
