package dev.leakgate.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ArrivalScheduleTest {

  @Test
  void withoutRampUpArrivalsAreEvenlySpaced() {
    ArrivalSchedule schedule = new ArrivalSchedule(200, Duration.ZERO);
    assertThat(schedule.offsetSeconds(0)).isZero();
    assertThat(schedule.offsetSeconds(1)).isCloseTo(0.005, within(1e-12));
    assertThat(schedule.offsetSeconds(1_000_000)).isCloseTo(5000, within(1e-9));
  }

  @Test
  void rampUpClimbsLinearlyThenHoldsTheRate() {
    // 100/s reached after 10 s: 500 arrivals during the ramp, a quarter of them in its first half
    ArrivalSchedule schedule = new ArrivalSchedule(100, Duration.ofSeconds(10));
    assertThat(schedule.offsetSeconds(125)).isCloseTo(5, within(1e-9));
    assertThat(schedule.offsetSeconds(500)).isCloseTo(10, within(1e-9));
    assertThat(schedule.offsetSeconds(600)).isCloseTo(11, within(1e-9));
    for (long i = 1; i < 700; i++) {
      assertThat(schedule.offsetSeconds(i)).isGreaterThan(schedule.offsetSeconds(i - 1));
    }
  }
}
