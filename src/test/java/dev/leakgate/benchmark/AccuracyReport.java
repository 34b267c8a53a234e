package dev.leakgate.benchmark;

import dev.leakgate.analysis.Verdict;
import dev.leakgate.benchmark.TraceClass.Group;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/** The accuracy tables of docs/accuracy.md, and the targets met or missed. */
final class AccuracyReport {
  private final Scores scores;
  private final List<LabelledRecording> corpus;

  AccuracyReport(Scores scores, List<LabelledRecording> corpus) {
    this.scores = scores;
    this.corpus = corpus;
  }

  /** One target: what it demands, the measured value, and whether it is met. */
  record Target(String name, String measured, boolean met) {}

  List<Target> targets() {
    String engine = "LeakGate";
    List<Target> out = new ArrayList<>();
    Wilson fp = scores.rate(engine, Scores.healthyToPass(), Verdict.FAILED);
    out.add(
        new Target("false positives <= 1% (upper Wilson bound)", fp.toString(), fp.high() <= 0.01));
    Wilson recall = scores.rate(engine, Scores.leaksOfAtLeastOneAndAHalfBands(), Verdict.FAILED);
    out.add(
        new Target(
            "recall >= 99% for leaks >= 1.5x the band", recall.toString(), recall.rate() >= 0.99));
    Wilson falsePass = scores.rate(engine, Scores.doubtful(), Verdict.PASSED);
    out.add(
        new Target(
            "no false pass (restart, gap, no baseline, stale)",
            falsePass.toString(),
            falsePass.hits() == 0));
    Wilson inconclusive = scores.rate(engine, Scores.cleanHealthy(), Verdict.INCONCLUSIVE);
    out.add(
        new Target(
            "inconclusive <= 5% on clean healthy recordings",
            inconclusive.toString(), inconclusive.rate() <= 0.05));
    double[] pass = scores.timeQuantiles(engine, Scores.cleanHealthy(), Verdict.PASSED);
    out.add(
        new Target(
            "p95 time-to-pass <= 5 min (clean healthy)",
            String.format(Locale.ROOT, "median %.0f s, p95 %.0f s", pass[0], pass[1]),
            pass[1] <= 300));
    return out;
  }

  /**
   * False positives on clean healthy recordings by recovery time constant and noise correlation
   * (the first pod's draw), for every judge: where the false alarms come from.
   */
  private String breakdown() {
    StringBuilder out = new StringBuilder();
    out.append("\n### False positives on clean healthy recordings, by recovery and noise\n\n");
    out.append("| tau | phi | n |");
    scores.judges().forEach(j -> out.append(" ").append(j).append(" |"));
    out.append("\n|---|---|---|").append("---|".repeat(scores.judges().size())).append('\n');
    for (String tau : List.of("30", "120")) {
      for (String phi : List.of("0.00", "0.50", "0.90", "0.98")) {
        Predicate<LabelledRecording> which =
            Scores.cleanHealthy()
                .and(r -> r.params().contains("phi=" + phi + " "))
                .and(r -> r.params().contains("tau=" + tau + " "));
        int n = scores.entries(scores.judges().get(0), which).size();
        out.append(String.format(Locale.ROOT, "| %s s | %s | %d |", tau, phi, n));
        for (String judge : scores.judges()) {
          Wilson w = scores.rate(judge, which, Verdict.FAILED);
          out.append(
              String.format(
                  Locale.ROOT,
                  " %.0f%% [%.0f, %.0f] |",
                  w.rate() * 100,
                  w.low() * 100,
                  w.high() * 100));
        }
        out.append('\n');
      }
    }
    return out.toString();
  }

  String markdown(long seed) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "Seed %d, %d recordings.%n%n", seed, corpus.size()));
    out.append("### Targets (LeakGate)\n\n| target | measured | met |\n|---|---|---|\n");
    for (Target t : targets()) {
      out.append("| ")
          .append(t.name())
          .append(" | ")
          .append(t.measured())
          .append(" | ")
          .append(t.met() ? "yes" : "**no**")
          .append(" |\n");
    }
    out.append("\n### Per class\n\n");
    out.append(
            "Rates are the share of recordings with the verdict that counts for the class, with the ")
        .append(
            "Wilson 95% interval: **Failed** for healthy classes (a false positive), **Failed** for ")
        .append("leaks (recall), **Passed** for doubtful ones (a false pass). `inc.` is the share ")
        .append("Inconclusive.\n\n");
    out.append("| class | size | n |");
    for (String judge : scores.judges()) {
      out.append(" ").append(judge).append(" | ").append(judge).append(" inc. |");
    }
    out.append("\n|---|---|---|");
    out.append("---|---|".repeat(scores.judges().size())).append('\n');
    Set<String> rows = new LinkedHashSet<>();
    for (LabelledRecording r : corpus) {
      rows.add(r.traceClass().name() + "|" + r.size());
    }
    for (String row : rows) {
      TraceClass cls = TraceClass.valueOf(row.substring(0, row.indexOf('|')));
      String size = row.substring(row.indexOf('|') + 1);
      Predicate<LabelledRecording> which = Scores.of(cls, size);
      Verdict counted = cls.group == Group.DOUBTFUL ? Verdict.PASSED : Verdict.FAILED;
      int n = scores.entries(scores.judges().get(0), which).size();
      out.append("| ")
          .append(cls.label)
          .append(" | ")
          .append(size.isEmpty() ? "—" : size)
          .append(" | ")
          .append(n)
          .append(" |");
      for (String judge : scores.judges()) {
        Wilson w = scores.rate(judge, which, counted);
        Wilson inc = scores.rate(judge, which, Verdict.INCONCLUSIVE);
        out.append(
            String.format(
                Locale.ROOT,
                " %s %.1f%% [%.1f, %.1f] | %.1f%% |",
                counted == Verdict.PASSED ? "pass" : "fail",
                w.rate() * 100,
                w.low() * 100,
                w.high() * 100,
                inc.rate() * 100));
      }
      out.append('\n');
    }
    out.append(breakdown());
    out.append(
        "\n### Time to verdict after the load end\n\n| judge | healthy passed: median / p95 | leaks failed: median / p95 |\n|---|---|---|\n");
    for (String judge : scores.judges()) {
      double[] pass = scores.timeQuantiles(judge, Scores.cleanHealthy(), Verdict.PASSED);
      double[] fail = scores.timeQuantiles(judge, Scores.leaks(), Verdict.FAILED);
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %.0f s / %.0f s | %.0f s / %.0f s |%n",
              judge,
              pass[0],
              pass[1],
              fail[0],
              fail[1]));
    }
    return out.toString();
  }
}
