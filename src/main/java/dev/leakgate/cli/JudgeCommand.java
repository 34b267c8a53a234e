package dev.leakgate.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leakgate.analysis.GateVerdict;
import dev.leakgate.analysis.VerdictEngine;
import dev.leakgate.recording.InvalidRecordingException;
import dev.leakgate.recording.RecordingReader;
import dev.leakgate.report.VerdictJson;
import dev.leakgate.report.VerdictTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code leakgate judge}: the verdict engine alone, on recorded metrics. */
@Command(
    name = "judge",
    mixinStandardHelpOptions = true,
    description = {
      "Judges recordings of a load test (Prometheus query_range data around a load) and prints"
          + " a verdict per recording.",
      "",
      "Exit code: 0 all passed, 1 any failed, 2 any inconclusive, 3 invalid input or arguments."
    })
public class JudgeCommand implements Callable<Integer> {

  enum Output {
    text,
    json
  }

  @Parameters(
      arity = "1..*",
      paramLabel = "PATH",
      description = "A recording file, or a directory whose *.json files are recordings.")
  List<Path> paths;

  @Option(
      names = "--output",
      defaultValue = "text",
      description = "text (a table per recording) or json (one JSON object per line).")
  Output output;

  @Spec CommandSpec spec;

  private final ObjectMapper mapper = new ObjectMapper();
  private final RecordingReader reader = new RecordingReader();
  private final VerdictEngine engine = new VerdictEngine();
  private final VerdictJson json = new VerdictJson(mapper);

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Outcome outcome = new Outcome();
    for (Path path : paths) {
      if (Files.isDirectory(path)) {
        List<Path> files = recordingsIn(path);
        if (files.isEmpty()) {
          err.println("leakgate: " + path + ": directory holds no *.json recordings");
          outcome.invalid = true;
        }
        for (Path file : files) {
          judgeOne(file, out, outcome);
        }
      } else {
        judgeOne(path, out, outcome);
      }
    }
    out.flush();
    err.flush();
    return outcome.exitCode();
  }

  private void judgeOne(Path file, PrintWriter out, Outcome outcome) throws IOException {
    String name = file.toString();
    try {
      GateVerdict verdict = engine.judge(reader.read(file));
      outcome.add(verdict);
      if (output == Output.json) {
        out.println(mapper.writeValueAsString(json.verdict(name, verdict)));
      } else {
        out.println(VerdictTable.render(name, verdict));
      }
    } catch (InvalidRecordingException e) {
      invalid(name, e.field(), e.getMessage(), out, outcome);
    } catch (NoSuchFileException e) {
      invalid(name, "$", "no such file", out, outcome);
    }
    out.flush();
  }

  private void invalid(String name, String field, String message, PrintWriter out, Outcome outcome)
      throws IOException {
    outcome.invalid = true;
    if (output == Output.json) {
      out.println(mapper.writeValueAsString(json.invalid(name, field, message)));
    } else {
      out.println(VerdictTable.invalid(name, field, message));
    }
  }

  /** The directory's *.json files, not recursive, sorted by name. */
  private static List<Path> recordingsIn(Path dir) throws IOException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.json")) {
      for (Path p : stream) {
        if (Files.isRegularFile(p)) {
          files.add(p);
        }
      }
    }
    files.sort(null);
    return files;
  }

  /** The worst outcome over all recordings, as an exit code. */
  private static final class Outcome {
    boolean invalid;
    boolean failed;
    boolean inconclusive;

    void add(GateVerdict verdict) {
      switch (verdict.verdict()) {
        case FAILED -> failed = true;
        case INCONCLUSIVE -> inconclusive = true;
        case PASSED -> {}
      }
    }

    int exitCode() {
      if (invalid) {
        return ExitCodes.ERROR;
      }
      if (failed) {
        return ExitCodes.FAILED;
      }
      return inconclusive ? ExitCodes.INCONCLUSIVE : ExitCodes.PASSED;
    }
  }
}
