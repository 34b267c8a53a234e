package dev.leakgate.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrendTest {

  private static Window series(double[] values, double step) {
    double[] t = new double[values.length];
    for (int i = 0; i < t.length; i++) {
      t[i] = i * step;
    }
    return new Window(0, (values.length - 1) * step, t, values);
  }

  private static double[] ar1(int n, double phi, Random random) {
    double[] x = new double[n];
    x[0] = random.nextGaussian();
    for (int i = 1; i < n; i++) {
      x[i] = phi * x[i - 1] + Math.sqrt(1 - phi * phi) * random.nextGaussian();
    }
    return x;
  }

  @Test
  void senSlopeOfALineIsItsSlopeDespiteOneOutlier() {
    double[] x = new double[12];
    for (int i = 0; i < x.length; i++) {
      x[i] = 5 + 2 * i;
    }
    x[6] = 1000;
    Trend trend = Trend.of(series(x, 10));
    assertThat(trend.slopePerSecond()).isCloseTo(0.2, within(1e-9));
    assertThat(trend.slopePerHour()).isCloseTo(720, within(1e-6));
    assertThat(trend.risingAt(Stats.upperNormalQuantile(0.01))).isTrue();
  }

  @Test
  void tooFewPointsCannotShowATrend() {
    Trend trend = Trend.of(series(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1));
    assertThat(trend.testable()).isFalse();
    assertThat(trend.risingAt(0)).isFalse();
    assertThat(trend.slopePerSecond()).isCloseTo(1, within(1e-9));
  }

  @Test
  void aConstantSeriesHasNoTrend() {
    Trend trend = Trend.of(series(new double[] {7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7}, 15));
    assertThat(trend.z()).isZero();
    assertThat(trend.slopePerSecond()).isZero();
  }

  @Test
  void correlationInflatesTheVarianceAndIndependenceDoesNot() {
    Random random = new Random(1);
    double[] correlated = ar1(20, 0.9, random);
    double[] t = new double[20];
    for (int i = 0; i < t.length; i++) {
      t[i] = i;
    }
    double[] alternating = new double[20];
    for (int i = 0; i < alternating.length; i++) {
      alternating[i] = i % 2;
    }
    double strong = Trend.hamedRaoFactor(t, correlated, 0);
    double none = Trend.hamedRaoFactor(t, alternating, 0);
    assertThat(none).isGreaterThanOrEqualTo(1).isLessThan(2);
    assertThat(strong).isGreaterThan(3 * none);
  }

  /**
   * The reason for the correction: on flat, strongly autocorrelated noise a one-sided test at 1%
   * must not call "rising" much more often than 1% (a plain Mann-Kendall test does so in roughly a
   * quarter of windows at phi = 0.9). The bounds are the calibrated rates plus a margin.
   */
  @ParameterizedTest
  @CsvSource({
    "11, 0.0, 0.01",
    "11, 0.5, 0.015",
    "11, 0.9, 0.045",
    "20, 0.9, 0.05",
    "30, 0.98, 0.07"
  })
  void falseTrendRateOnFlatAutocorrelatedNoiseIsBounded(int n, double phi, double bound) {
    Random random = new Random(42);
    double z = Stats.upperNormalQuantile(0.01);
    int rising = 0;
    int runs = 4000;
    for (int i = 0; i < runs; i++) {
      if (Trend.of(series(ar1(n, phi, random), 15)).risingAt(z)) {
        rising++;
      }
    }
    assertThat((double) rising / runs).isLessThan(bound);
  }

  @Test
  void aRealRiseThroughNoiseIsFound() {
    Random random = new Random(7);
    double[] x = ar1(20, 0.5, random);
    for (int i = 0; i < x.length; i++) {
      x[i] += 0.5 * i;
    }
    assertThat(Trend.of(series(x, 15)).risingAt(Stats.upperNormalQuantile(0.01))).isTrue();
  }
}
