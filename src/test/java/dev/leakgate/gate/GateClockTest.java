package dev.leakgate.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GateClockTest {

  @Test
  void spansReadAsTheyAreWritten() {
    assertThat(GateClock.span(Duration.ofMinutes(5))).isEqualTo("5m");
    assertThat(GateClock.span(Duration.ofSeconds(90))).isEqualTo("1m30s");
    assertThat(GateClock.span(Duration.ofMillis(12_400))).isEqualTo("12.4s");
    assertThat(GateClock.span(Duration.ofHours(1).plusSeconds(5))).isEqualTo("1h5s");
  }

  @Test
  void progressReadsAsAClock() {
    assertThat(GateClock.recovering(Duration.ofMillis(14_138), Duration.ofSeconds(120)))
        .isEqualTo("recovering 0:14 of up to 2:00");
    assertThat(GateClock.baseline(Duration.ofSeconds(5), Duration.ofMinutes(5)))
        .isEqualTo("baseline 0:05/5:00");
    assertThat(GateClock.clock(Duration.ofSeconds(3723))).isEqualTo("1:02:03");
    assertThat(GateClock.clock(Duration.ofSeconds(-3))).isEqualTo("0:00");
  }
}
