package dev.leakgate.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leakgate.operator.model.Conditions;
import dev.leakgate.operator.model.LeakGateStatus;
import dev.leakgate.operator.model.Phase;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/** What a waiting pipeline is told: its exit code, its progress line, its table, its JUnit. */
class PipelineReportsTest {
  private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");

  @TempDir Path dir;

  private static LeakGateStatus ended(Phase phase, String reason, boolean blocksInconclusive) {
    LeakGateStatus status = new LeakGateStatus();
    status.phase = phase;
    status.reason = reason;
    status.startedAt = T0.toString();
    status.phaseStartedAt = T0.plusSeconds(300).toString();
    status.loadFinishedAt = T0.plusSeconds(120).toString();
    status.finishedAt = T0.plusSeconds(300).toString();
    status.conditions = Conditions.of(status, 1, blocksInconclusive, T0.plusSeconds(300));
    return status;
  }

  private static LeakGateStatus.SignalStatus threads(String result, String reason, String message) {
    return new LeakGateStatus.SignalStatus(
        "jvm-threads",
        "checkout-a",
        "threads",
        true,
        result,
        42.0,
        47.0,
        1780.0,
        1771.0,
        1770.0,
        -3.5,
        reason,
        message);
  }

  @Test
  void everyEndHasItsExitCodeAndAnAllowedInconclusivePasses() {
    assertThat(GateEnd.of(ended(Phase.Passed, "SignalsRecovered", true))).hasValue(GateEnd.PASSED);
    assertThat(GateEnd.of(ended(Phase.Failed, "StuckAboveBaseline", true)))
        .hasValue(GateEnd.FAILED);
    assertThat(GateEnd.of(ended(Phase.Inconclusive, "DataGap", true)))
        .hasValue(GateEnd.INCONCLUSIVE);
    assertThat(GateEnd.of(ended(Phase.Inconclusive, "DataGap", false))).hasValue(GateEnd.PASSED);
    assertThat(GateEnd.of(ended(Phase.Error, "TargetNotFound", true))).hasValue(GateEnd.ERROR);
    LeakGateStatus running = new LeakGateStatus();
    running.phase = Phase.Recovering;
    assertThat(GateEnd.of(running)).isEmpty();
    assertThat(GateEnd.of(null)).isEmpty();
    assertThat(List.of(GateEnd.values()).stream().map(GateEnd::exitCode))
        .containsExactly(0, 1, 2, 3, 4);
  }

  @Test
  void theProgressLineSaysThePhaseItsClockAndEachSignal() {
    LeakGateStatus status = new LeakGateStatus();
    status.phase = Phase.Recovering;
    status.phaseStartedAt = T0.toString();
    status.signals = List.of(threads("Leak", "StuckAboveBaseline", "kept"));

    assertThat(StatusReport.progress(status, T0.plusSeconds(74)))
        .isEqualTo("Recovering 1:14 | jvm-threads checkout-a Leak 1770 (allowed 47)");

    status.signals = List.of();
    status.message = "waiting: 0 of 1 pods of Deployment checkout ready";
    status.phase = Phase.Pending;
    assertThat(StatusReport.progress(status, T0.plusSeconds(5)))
        .isEqualTo("Pending 0:05: waiting: 0 of 1 pods of Deployment checkout ready");
    assertThat(StatusReport.progress(new LeakGateStatus(), T0))
        .isEqualTo("not taken on by an operator yet");
  }

  @Test
  void theTableHasTheColumnsJudgePrintsWithTheSlope() {
    LeakGateStatus status = ended(Phase.Failed, "StuckAboveBaseline", true);
    status.message = "jvm-threads on checkout-a: 1771 kept";
    status.signals = List.of(threads("Leak", "StuckAboveBaseline", "kept"));

    String table = StatusReport.table("checkout-r42", status);

    assertThat(table)
        .startsWith("checkout-r42\n  Failed (StuckAboveBaseline), decided 3m after the load end\n")
        .contains("  jvm-threads on checkout-a: 1771 kept\n")
        .containsPattern("SIGNAL +POD +RESULT +BASELINE +ALLOWED +PEAK +LEVEL +SLOPE/h +REASON")
        .containsPattern(
            "jvm-threads +checkout-a +Leak +42 +47 +1780 +1771 +-3.5 +StuckAboveBaseline");
  }

  @Test
  void aLeakIsAFailureAndTextFromTheTargetIsEscaped() throws Exception {
    LeakGateStatus status = ended(Phase.Failed, "StuckAboveBaseline", true);
    status.signals =
        List.of(
            threads("Leak", "StuckAboveBaseline", "kept </failure><x a=\"1\"> & more"),
            new LeakGateStatus.SignalStatus(
                "container-memory",
                "checkout-a",
                "memory",
                false,
                "Warn",
                1.0,
                2.0,
                3.0,
                3.0,
                3.0,
                null,
                "StuckAboveBaseline",
                "memory kept"));
    Path file = dir.resolve("junit.xml");

    JUnitReport.write(file, "checkout-r42", status, GateEnd.FAILED);

    Element suite =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(file.toFile())
            .getDocumentElement();
    assertThat(suite.getAttribute("tests")).isEqualTo("2");
    assertThat(suite.getAttribute("failures")).isEqualTo("1");
    assertThat(suite.getAttribute("errors")).isEqualTo("0");
    Element leak = (Element) suite.getElementsByTagName("testcase").item(0);
    assertThat(leak.getAttribute("name")).isEqualTo("jvm-threads on checkout-a");
    Element failure = (Element) leak.getElementsByTagName("failure").item(0);
    assertThat(failure.getAttribute("type")).isEqualTo("StuckAboveBaseline");
    assertThat(failure.getAttribute("message")).isEqualTo("kept </failure><x a=\"1\"> & more");
    Element warn = (Element) suite.getElementsByTagName("testcase").item(1);
    assertThat(warn.getElementsByTagName("failure").getLength()).isZero();
    assertThat(warn.getElementsByTagName("system-out").item(0).getTextContent())
        .isEqualTo("Warn: memory kept");
  }

  @Test
  void aGateThatEndedBeforeJudgingIsOneCaseNamedAfterIt() throws Exception {
    LeakGateStatus status = ended(Phase.Error, "TargetNotFound", true);
    status.message = "Deployment checkout not found in namespace shop";
    Path file = dir.resolve("junit.xml");

    JUnitReport.write(file, "checkout-r42", status, GateEnd.ERROR);

    Element suite =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(file.toFile())
            .getDocumentElement();
    assertThat(suite.getAttribute("tests")).isEqualTo("1");
    assertThat(suite.getAttribute("errors")).isEqualTo("1");
    Element error = (Element) suite.getElementsByTagName("error").item(0);
    assertThat(error.getAttribute("type")).isEqualTo("TargetNotFound");
    assertThat(error.getTextContent()).isEqualTo("Deployment checkout not found in namespace shop");
  }
}
