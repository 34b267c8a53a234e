package dev.leakgate.benchmark;

import dev.leakgate.recording.RecordingReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The accuracy benchmark: a held-out seeded corpus judged by LeakGate and two simple judges,
 * written into docs/accuracy.md. Not part of the test suite (its name does not end in Test); run it
 * with {@code ./mvnw -q test -Dtest=AccuracyBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 * {@code -Daccuracy.seed=N} picks another split (1 is the development split, never reported).
 */
class AccuracyBenchmark {
  static final long REPORTED_SEED = 20261128;
  private static final String BEGIN = "<!-- accuracy:begin -->";
  private static final String END = "<!-- accuracy:end -->";

  /** The frozen recordings of real services, labelled by their file names. */
  static List<LabelledRecording> realRecordings() throws Exception {
    List<LabelledRecording> all = new ArrayList<>(sampleServiceRecordings());
    all.addAll(realRuntimeRecordings());
    return all;
  }

  /**
   * The real runtimes' recordings, {@code GATE-ROUND.json} at the short shape and {@code
   * defaults/GATE-ROUND.json} at the defaults, where a gate named {@code *-fixed} is the fix and
   * every other one a leak (src/test/resources/recordings/real-runtimes/README.md).
   */
  static List<LabelledRecording> realRuntimeRecordings() throws Exception {
    RecordingReader reader = new RecordingReader();
    List<LabelledRecording> all = new ArrayList<>();
    Path root = Path.of("src/test/resources/recordings/real-runtimes");
    try (java.util.stream.Stream<Path> files = Files.walk(root, 2)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        String id = root.relativize(file).toString().replace(".json", "");
        TraceClass label =
            id.contains("-fixed-") ? TraceClass.REAL_RUNTIME_HEALTHY : TraceClass.REAL_RUNTIME_LEAK;
        all.add(new LabelledRecording(id, label, "", "", reader.read(file)));
      }
    }
    return all;
  }

  private static List<LabelledRecording> sampleServiceRecordings() throws Exception {
    RecordingReader reader = new RecordingReader();
    Path dir = Path.of("src/test/resources/recordings/real");
    return List.of(
        new LabelledRecording(
            "real-leak-on",
            TraceClass.REAL_LEAK,
            "",
            "",
            reader.read(dir.resolve("sample-service-leak-on.json"))),
        new LabelledRecording(
            "real-leak-off",
            TraceClass.REAL_HEALTHY,
            "",
            "",
            reader.read(dir.resolve("sample-service-leak-off.json"))));
  }

  @Test
  void writeAccuracyReport() throws Exception {
    long seed = Long.getLong("accuracy.seed", REPORTED_SEED);
    long started = System.nanoTime();
    List<LabelledRecording> corpus =
        new ArrayList<>(new CorpusGenerator(seed).generate(200, 100, 100));
    corpus.addAll(realRecordings());
    Scores scores =
        Scores.run(
            corpus,
            List.of(
                new EngineJudge(), new SimpleJudges.ArgoStyle(), new SimpleJudges.KayentaStyle()));
    String table = new AccuracyReport(scores, corpus).markdown(seed);
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.println(table);
    System.out.printf("%d recordings, 3 judges, %.1f s%n", corpus.size(), seconds);
    Path doc = Path.of("docs/accuracy.md");
    String text = Files.readString(doc);
    int begin = text.indexOf(BEGIN);
    int end = text.indexOf(END);
    if (begin < 0 || end < begin) {
      throw new IllegalStateException("docs/accuracy.md lacks the " + BEGIN + " markers");
    }
    Files.writeString(
        doc, text.substring(0, begin + BEGIN.length()) + "\n" + table + "\n" + text.substring(end));
  }
}
