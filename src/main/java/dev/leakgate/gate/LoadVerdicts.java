package dev.leakgate.gate;

import dev.leakgate.analysis.GateVerdict;
import dev.leakgate.analysis.Reason;
import dev.leakgate.analysis.SignalVerdict;
import dev.leakgate.analysis.Verdict;
import dev.leakgate.load.LoadSummary;
import dev.leakgate.report.LoadReport;
import java.util.List;

/** What the load's outcome alone decides, before any recovery is watched. */
public final class LoadVerdicts {
  private LoadVerdicts() {}

  /**
   * A built-in load of which no request succeeded ({@link LoadSummary#delivered()} false) tested
   * nothing: {@code Inconclusive} at once, never a pass, with where the signals stood when it
   * ended.
   */
  public static GateVerdict testedNothing(LoadSummary load, List<SignalVerdict> standing) {
    return new GateVerdict(
        Verdict.INCONCLUSIVE,
        Reason.LOAD_NOT_DELIVERED,
        "no request of the load succeeded (" + LoadReport.errors(load) + "), so it tested nothing",
        0,
        standing);
  }
}
