package dev.leakgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leakgate.testing.Leakgate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code leakgate demo} in its shortest configuration, and what it leaves behind. */
class DemoIT {
  @TempDir Path home;

  /** Sample services started by a demo (they alone use --port 0 with this jar's path). */
  private static List<ProcessHandle> demoChildren() {
    String jar = Leakgate.jar().toAbsolutePath().toString();
    return ProcessHandle.allProcesses()
        .filter(
            p -> {
              String line = p.info().commandLine().orElse("");
              return line.contains(jar)
                  && line.contains("sample-service --port 0")
                  && line.contains("-Xmx96m");
            })
        .toList();
  }

  @Test
  void showsTheLeakFailAndTheFixPassThenLeavesNoProcess() throws Exception {
    Leakgate.Result result =
        Leakgate.start(
                home,
                "demo",
                "--baseline-window",
                "8s",
                "--load-duration",
                "8s",
                "--recovery-timeout",
                "30s")
            .await(Duration.ofMinutes(3));

    assertThat(result.exitCode()).as(result.stderr()).isEqualTo(ExitCodes.PASSED);
    assertThat(result.stdout())
        .containsPattern("verdict +Failed \\((StuckAboveBaseline|StillRising)\\) +Passed")
        .contains("checkout-leaky: jvm-threads on checkout-leaky:")
        .contains("checkout-leaky's largest thread group")
        .containsPattern("[0-9]+ x WAITING")
        .contains("SynchronousQueue.put");
    assertThat(demoChildren()).isEmpty();
  }

  @Test
  void stoppedMidwayItStopsItsChildrenToo() throws Exception {
    Leakgate.Running demo = Leakgate.start(home, "demo");
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!demo.stderr().contains("baseline") && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertThat(demo.stderr()).contains("baseline");
    assertThat(demoChildren()).hasSize(2);

    demo.process().destroy(); // SIGTERM, as Ctrl-C or a CI job's cancel
    demo.process().waitFor();

    long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (!demoChildren().isEmpty() && System.nanoTime() < until) {
      Thread.sleep(200);
    }
    assertThat(demoChildren()).isEmpty();
  }
}
