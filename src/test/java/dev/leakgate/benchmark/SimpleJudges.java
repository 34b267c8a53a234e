package dev.leakgate.benchmark;

import dev.leakgate.analysis.GateInput;
import dev.leakgate.analysis.Series;
import dev.leakgate.analysis.SignalInput;
import dev.leakgate.analysis.Verdict;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The two simple judges leak-detection.md compares against, given the same recordings and the same
 * tolerance (the kind's absolute and relative band, without the noise term, since neither estimates
 * noise). Both look once, at the recovery timeout, and ignore restart and OOM evidence, as their
 * originals do.
 */
final class SimpleJudges {
  private SimpleJudges() {}

  private static double loadStart(GateInput input) {
    return input.loadStart().getEpochSecond();
  }

  private static double deadline(GateInput input) {
    return input.loadEnd().getEpochSecond() + input.settings().recovery().timeout().toSeconds();
  }

  private static double[] values(Series s, double from, double to) {
    List<Double> out = new ArrayList<>();
    for (int i = 0; i < s.size(); i++) {
      if (s.time(i) >= from && s.time(i) <= to && !Double.isNaN(s.value(i))) {
        out.add(s.value(i));
      }
    }
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static double median(double[] v) {
    double[] sorted = v.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n == 0
        ? Double.NaN
        : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static double threshold(SignalInput signal, double baseline) {
    return baseline
        + Math.max(signal.tolerance().absolute(), signal.tolerance().relative() * baseline);
  }

  private static double timeout(GateInput input) {
    return input.settings().recovery().timeout().toSeconds();
  }

  /**
   * Argo Rollouts style: one measurement at the end, "last value <= threshold", with the threshold
   * a user would write from the pre-load level. A measurement that returns no data is an error,
   * which fails the analysis (consecutiveErrorLimit aside) rather than passing it.
   */
  static final class ArgoStyle implements Judge {
    @Override
    public String name() {
      return "Argo-style";
    }

    @Override
    public Outcome judge(GateInput input) {
      double end = deadline(input);
      double window = input.settings().baselineWindow().toSeconds();
      for (SignalInput signal : input.signals()) {
        if (!signal.gating()) {
          continue;
        }
        for (Series s : signal.series()) {
          double[] before = values(s, loadStart(input) - window, loadStart(input));
          double[] last = values(s, end - 30, end);
          if (before.length == 0 || last.length == 0) {
            return new Outcome(Verdict.INCONCLUSIVE, timeout(input));
          }
          if (last[last.length - 1] > threshold(signal, median(before))) {
            return new Outcome(Verdict.FAILED, timeout(input));
          }
        }
      }
      return new Outcome(Verdict.PASSED, timeout(input));
    }
  }

  /**
   * Kayenta style (NetflixACAJudge): a one-sided Mann-Whitney test at 98% confidence between the
   * pre-load window and the last five minutes, failing when the Hodges-Lehmann shift exceeds the
   * tolerance; a metric with under half its points fails (Kayenta's no-data rule).
   */
  static final class KayentaStyle implements Judge {
    private static final double Z_98 = 2.054;

    @Override
    public String name() {
      return "Kayenta-style";
    }

    @Override
    public Outcome judge(GateInput input) {
      double end = deadline(input);
      double window = input.settings().baselineWindow().toSeconds();
      double recent = Math.min(300, timeout(input) / 2);
      double expected = recent / 15 + 1;
      for (SignalInput signal : input.signals()) {
        if (!signal.gating()) {
          continue;
        }
        for (Series s : signal.series()) {
          double[] control = values(s, loadStart(input) - window, loadStart(input));
          double[] experiment = values(s, end - recent, end);
          if (control.length < expected / 2 || experiment.length < expected / 2) {
            return new Outcome(Verdict.FAILED, timeout(input));
          }
          double shift = hodgesLehmann(experiment, control);
          if (mannWhitneyZ(experiment, control) > Z_98
              && shift > threshold(signal, median(control)) - median(control)) {
            return new Outcome(Verdict.FAILED, timeout(input));
          }
        }
      }
      return new Outcome(Verdict.PASSED, timeout(input));
    }

    private static double mannWhitneyZ(double[] x, double[] y) {
      double u = 0;
      for (double a : x) {
        for (double b : y) {
          u += a > b ? 1 : a == b ? 0.5 : 0;
        }
      }
      double n1 = x.length;
      double n2 = y.length;
      double mean = n1 * n2 / 2;
      double sd = Math.sqrt(n1 * n2 * (n1 + n2 + 1) / 12);
      return (u - mean) / sd;
    }

    private static double hodgesLehmann(double[] x, double[] y) {
      double[] d = new double[x.length * y.length];
      int k = 0;
      for (double a : x) {
        for (double b : y) {
          d[k++] = a - b;
        }
      }
      return median(d);
    }
  }
}
