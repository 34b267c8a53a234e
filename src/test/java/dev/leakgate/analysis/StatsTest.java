package dev.leakgate.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StatsTest {

  @Test
  void medianOfOddAndEvenCounts() {
    assertThat(Stats.median(new double[] {3, 1, 2})).isEqualTo(2);
    assertThat(Stats.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
    assertThat(Stats.median(new double[] {})).isNaN();
  }

  @Test
  void robustSigmaIgnoresASpike() {
    double[] values = {10, 11, 9, 10, 11, 9, 10, 1000};
    assertThat(Stats.robustSigma(values)).isCloseTo(1.4826, within(1e-9));
  }

  @Test
  void normalQuantilesMatchTables() {
    assertThat(Stats.upperNormalQuantile(0.05)).isCloseTo(1.644854, within(1e-6));
    assertThat(Stats.upperNormalQuantile(0.01)).isCloseTo(2.326348, within(1e-6));
    assertThat(Stats.upperNormalQuantile(0.5)).isCloseTo(0, within(1e-9));
    assertThat(Stats.upperNormalQuantile(0.01 / 60)).isCloseTo(3.588, within(1e-3));
  }

  @Test
  void thinningKeepsAboutTwentyBucketMediansWhateverTheScrapeInterval() {
    double[] t = new double[301];
    double[] v = new double[301];
    for (int i = 0; i < t.length; i++) {
      t[i] = i;
      v[i] = i % 10 == 0 ? 500 : i;
    }
    Window thinned = Stats.thin(new Window(0, 300, t, v), 1, 20);
    assertThat(thinned.size()).isEqualTo(20);
    // The spikes every 10 s do not survive the bucket medians.
    assertThat(thinned.max()).isLessThan(310);
    Window coarse = Stats.thin(new Window(0, 300, t, v), 30, 20);
    assertThat(coarse.size()).isEqualTo(10);
  }
}
