package dev.leakgate.benchmark;

import dev.leakgate.analysis.GateInput;
import dev.leakgate.analysis.GateVerdict;
import dev.leakgate.analysis.VerdictEngine;

/** LeakGate's verdict engine, exactly as {@code leakgate judge} runs it. */
final class EngineJudge implements Judge {
  private final VerdictEngine engine = new VerdictEngine();

  @Override
  public String name() {
    return "LeakGate";
  }

  @Override
  public Outcome judge(GateInput input) {
    GateVerdict v = engine.judge(input);
    return new Outcome(v.verdict(), v.decidedAfterSeconds());
  }
}
