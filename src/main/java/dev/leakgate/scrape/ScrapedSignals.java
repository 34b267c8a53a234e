package dev.leakgate.scrape;

import dev.leakgate.prometheus.LabelMatcher;
import dev.leakgate.prometheus.Preset;
import java.util.List;
import java.util.Optional;

/**
 * Reads preset signals from one scraped page, the way their PromQL reads them from Prometheus: the
 * first naming with matching samples, folded by the naming's aggregation. One target is one pod, so
 * the namespace and pod selectors of the PromQL do not apply.
 */
public final class ScrapedSignals {
  private ScrapedSignals() {}

  /** A signal's value on a page, and the naming it was read under. */
  public record Reading(Preset.Variant variant, double value) {}

  public static Optional<Reading> read(Preset.Signal signal, List<Sample> page) {
    for (Preset.Variant variant : signal.variants()) {
      double value = value(variant, page);
      if (!Double.isNaN(value)) {
        return Optional.of(new Reading(variant, value));
      }
    }
    return Optional.empty();
  }

  /** One naming's value on a page; NaN when the page has no matching sample. */
  public static double value(Preset.Variant variant, List<Sample> page) {
    double value = Double.NaN;
    for (Sample sample : page) {
      if (!sample.name().equals(variant.metric()) || !matches(variant.matchers(), sample)) {
        continue;
      }
      if (Double.isNaN(value)) {
        value = sample.value();
      } else {
        value =
            variant.aggregation() == Preset.Aggregation.MAX
                ? Math.max(value, sample.value())
                : value + sample.value();
      }
    }
    return value;
  }

  private static boolean matches(List<LabelMatcher> matchers, Sample sample) {
    for (LabelMatcher m : matchers) {
      if (!m.matches(sample.labels().get(m.label()))) {
        return false;
      }
    }
    return true;
  }
}
