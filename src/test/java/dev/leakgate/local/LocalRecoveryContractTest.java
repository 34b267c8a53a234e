package dev.leakgate.local;

import dev.leakgate.analysis.GateVerdict;
import dev.leakgate.gate.RecoveryContract;
import dev.leakgate.testing.Shape;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code run}'s side of the recovery contract: one {@link LocalGate} at fixed times. */
class LocalRecoveryContractTest extends RecoveryContract {

  @Override
  protected Outcome recover(Shape threads, boolean unreadable) throws Exception {
    LocalGateTest.FakeTime time = new LocalGateTest.FakeTime(BASELINE_START);
    LocalGateTest.FakeSignals signals =
        new LocalGateTest.FakeSignals(
            (t, loadStart, loadEnd) -> threads.at(t - LOAD_START.getEpochSecond()));
    signals.failingAfterLoad = unreadable;
    LocalGateTest.FakeLoad load = new LocalGateTest.FakeLoad(true);
    load.time = time;
    List<String> lines = new ArrayList<>();
    LocalGatePlan plan = LocalGateTest.plan();

    GateVerdict verdict =
        new LocalGate(
                time, time::sleepUntil, HttpClient.newHttpClient(), p -> signals, load, lines::add)
            .run(plan)
            .verdict();

    // run looks at every scrape, and samples at it.
    Duration scrape = plan.scrapeInterval();
    return new Outcome(
        verdict.verdict().label(),
        verdict.reason().code(),
        verdict.message(),
        Duration.between(LOAD_END, time.instant()),
        scrape,
        scrape);
  }
}
