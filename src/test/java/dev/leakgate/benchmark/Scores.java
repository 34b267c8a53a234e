package dev.leakgate.benchmark;

import dev.leakgate.analysis.Verdict;
import dev.leakgate.benchmark.TraceClass.Group;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Every judge's verdicts on a corpus, and the rates the issue asks for. */
final class Scores {
  /** The verdicts of one judge on one recording. */
  record Entry(LabelledRecording recording, Judge.Outcome outcome) {}

  private final Map<String, List<Entry>> byJudge = new LinkedHashMap<>();

  static Scores run(List<LabelledRecording> corpus, List<Judge> judges) {
    Scores scores = new Scores();
    for (Judge judge : judges) {
      List<Entry> entries = new ArrayList<>();
      for (LabelledRecording r : corpus) {
        entries.add(new Entry(r, judge.judge(r.input())));
      }
      scores.byJudge.put(judge.name(), entries);
    }
    return scores;
  }

  List<String> judges() {
    return List.copyOf(byJudge.keySet());
  }

  List<Entry> entries(String judge, Predicate<LabelledRecording> which) {
    return byJudge.get(judge).stream().filter(e -> which.test(e.recording())).toList();
  }

  Wilson rate(String judge, Predicate<LabelledRecording> which, Verdict verdict) {
    List<Entry> entries = entries(judge, which);
    int hits = (int) entries.stream().filter(e -> e.outcome().verdict() == verdict).count();
    return new Wilson(hits, entries.size());
  }

  /** Median and 95th percentile of the decision time of the entries with this verdict. */
  double[] timeQuantiles(String judge, Predicate<LabelledRecording> which, Verdict verdict) {
    double[] times =
        entries(judge, which).stream()
            .filter(e -> e.outcome().verdict() == verdict)
            .mapToDouble(e -> e.outcome().decidedAfterSeconds())
            .sorted()
            .toArray();
    if (times.length == 0) {
      return new double[] {Double.NaN, Double.NaN};
    }
    return new double[] {quantile(times, 0.5), quantile(times, 0.95)};
  }

  private static double quantile(double[] sorted, double q) {
    int index = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  static Predicate<LabelledRecording> of(TraceClass... classes) {
    return r -> Arrays.asList(classes).contains(r.traceClass());
  }

  static Predicate<LabelledRecording> of(TraceClass cls, String size) {
    return r -> r.traceClass() == cls && r.size().equals(size);
  }

  static Predicate<LabelledRecording> group(Group group) {
    return r -> r.traceClass().group == group;
  }

  /** Healthy traces a gate must pass: every healthy class but the slow recovery. */
  static Predicate<LabelledRecording> healthyToPass() {
    return r -> r.traceClass().group == Group.HEALTHY && r.traceClass() != TraceClass.SLOW_RECOVERY;
  }

  /** Clean healthy traces: no data problems at all. */
  static Predicate<LabelledRecording> cleanHealthy() {
    return of(TraceClass.HEALTHY, TraceClass.HEALTHY_SAWTOOTH);
  }

  /** Every leak recording. */
  static Predicate<LabelledRecording> leaks() {
    return group(Group.LEAK);
  }

  /**
   * Leaks of at least 1.5 bands: the sized classes, the story's +15,000 goroutines, and OOM kills.
   * The +50 and +500 goroutine leaks are absolute sizes, often under one band of a noisy baseline,
   * so they are reported but not held to the target.
   */
  static Predicate<LabelledRecording> leaksOfAtLeastOneAndAHalfBands() {
    return r ->
        r.traceClass().group == Group.LEAK
            && !(r.traceClass() == TraceClass.GOROUTINE_LEAK && !r.size().equals("+15000"));
  }

  /** Recordings whose evidence is broken: a pass on them is a false pass. */
  static Predicate<LabelledRecording> doubtful() {
    return group(Group.DOUBTFUL);
  }
}
