package dev.leakgate.analysis;

import static dev.leakgate.analysis.Verdicts.judge;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A raw heap gauge is a GC sawtooth; the engine must judge its troughs, not its teeth. */
class HeapSignalTest {
  private static final double MIB = 1024 * 1024;

  @Test
  void aHealthySawtoothPassesOnItsTroughs() {
    GateVerdict v = judge(Recordings.healthyHeap(1));

    assertThat(v.verdict()).as(v.message()).isEqualTo(Verdict.PASSED);
    PodVerdict p = Verdicts.pod(v, "heap-used", "api-0");
    // The baseline is the post-GC level (~60 MiB), not the sawtooth's middle (~72 MiB).
    assertThat(p.baseline() / MIB).isBetween(57.0, 64.0);
    assertThat(p.reason()).isEqualTo(Reason.BACK_TO_BASELINE);
  }

  @Test
  void risingTroughsAreALeakEvenUnderTheSawtooth() {
    GateVerdict v = judge(Recordings.risingTroughs(1));

    assertThat(v.verdict()).isEqualTo(Verdict.FAILED);
    PodVerdict p = Verdicts.pod(v, "heap-used", "api-0");
    assertThat(p.result()).isEqualTo(SignalResult.LEAK);
    // The troughs' staircase rarely makes the trend test significant, so the label is the
    // level's: above the band and not falling.
    assertThat(p.reason()).isEqualTo(Reason.STUCK_ABOVE_BASELINE);
    assertThat(p.level()).isGreaterThan(p.allowed());
    // The Sen slope of a staircase is mostly tied pairs: never negative, often exactly zero.
    assertThat(p.slopePerHour()).isNotNegative();
  }
}
