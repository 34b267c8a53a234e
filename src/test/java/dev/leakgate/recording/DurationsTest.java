package dev.leakgate.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({
    "30s, 30000",
    "5m, 300000",
    "1h, 3600000",
    "1m30s, 90000",
    "250ms, 250",
    "1.5s, 1500"
  })
  void parsesKubernetesStyleDurations(String text, long millis) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "5", "5 m", "-5m", "5min", "m5", "1d"})
  void refusesAnythingElseWithAnExample(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("write it like 30s, 5m");
  }
}
