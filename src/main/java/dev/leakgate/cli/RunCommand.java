package dev.leakgate.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leakgate.analysis.Verdict;
import dev.leakgate.load.LoadGenerator;
import dev.leakgate.local.LocalGate;
import dev.leakgate.local.LocalGateException;
import dev.leakgate.local.LocalGatePlan;
import dev.leakgate.local.LocalGatePlans;
import dev.leakgate.local.LocalGateResult;
import dev.leakgate.recording.RecordingJson;
import dev.leakgate.report.LoadReport;
import dev.leakgate.report.ThreadDumps;
import dev.leakgate.report.VerdictJson;
import dev.leakgate.report.VerdictTable;
import dev.leakgate.spec.InvalidSpecException;
import dev.leakgate.spec.SpecReader;
import dev.leakgate.spec.SpecSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code leakgate run}: one gate from a LeakGate file, without a cluster. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a LeakGate spec against local URLs: scrapes spec.target.metricsUrl from the start,"
          + " measures the baseline, runs spec.load.http, then watches recovery until the verdict.",
      "Progress goes to stderr; the verdict to stdout.",
      "",
      "Exit code: 0 passed (or inconclusive with spec.inconclusive: Allow), 1 failed, 2"
          + " inconclusive, 3 invalid spec or the target can't be scraped."
    })
public class RunCommand implements Callable<Integer> {

  enum Output {
    text,
    json
  }

  @Parameters(paramLabel = "FILE", description = "A LeakGate document (YAML).")
  Path file;

  @Option(names = "--output", defaultValue = "text", description = "text or json (one object).")
  Output output;

  @Option(names = "--record", paramLabel = "FILE", description = "Write the recording here.")
  Path record;

  @Spec CommandSpec spec;

  private final ObjectMapper mapper = new ObjectMapper();

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    LocalGatePlan plan;
    try {
      plan = LocalGatePlans.from(new SpecReader().read(file));
    } catch (InvalidSpecException e) {
      err.println("leakgate: " + file + ": " + e.describe());
      err.flush();
      return ExitCodes.ERROR;
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    LocalGate gate =
        new LocalGate(
            Clock.systemUTC(),
            http,
            new LoadGenerator(),
            line -> {
              err.println(line);
              err.flush();
            });
    LocalGateResult result;
    try {
      result = gate.run(plan);
    } catch (LocalGateException e) {
      err.println("leakgate: " + e.getMessage());
      err.flush();
      return ExitCodes.ERROR;
    }
    if (record != null && result.recording() == null) {
      err.println(
          "leakgate: no recording to write to " + record + ": the signals could not be read");
    } else if (record != null) {
      mapper
          .writerWithDefaultPrettyPrinter()
          .writeValue(record.toFile(), RecordingJson.write(result.recording()));
    }
    boolean allowed = inconclusiveAllowed(plan, result.verdict().verdict());
    print(plan.gate(), result, allowed, out);
    out.flush();
    return allowed ? ExitCodes.PASSED : exitCode(result.verdict().verdict());
  }

  /**
   * An inconclusive verdict under {@code inconclusive: Allow} lets the release through, as the
   * operator's Passed condition does with reason InconclusiveAllowed; the verdict itself stays.
   */
  static boolean inconclusiveAllowed(LocalGatePlan plan, Verdict verdict) {
    return verdict == Verdict.INCONCLUSIVE && !plan.blocksWhenInconclusive();
  }

  private void print(String name, LocalGateResult result, boolean allowed, PrintWriter out)
      throws IOException {
    if (output == Output.json) {
      ObjectNode json = new VerdictJson(mapper).verdict(name, result.verdict());
      if (allowed) {
        json.put("allowed", SpecSettings.INCONCLUSIVE_ALLOWED);
      }
      result.load().ifPresent(load -> json.set("load", mapper.valueToTree(load)));
      result.threadDump().flatMap(ThreadDumps::topGroup).ifPresent(t -> json.put("topStack", t));
      out.println(mapper.writeValueAsString(json));
      return;
    }
    out.println(VerdictTable.render(name, result.verdict()));
    if (allowed) {
      out.println(
          SpecSettings.INCONCLUSIVE_ALLOWED
              + ": spec.inconclusive is Allow, so the gate lets the release"
              + " through (exit 0)");
    }
    out.println(
        "load: "
            + result.load().map(LoadReport::oneLine).orElse("not run: the gate ended before it"));
    result
        .threadDump()
        .flatMap(ThreadDumps::topGroup)
        .ifPresent(
            t ->
                out.println(
                    System.lineSeparator() + "largest thread group:" + System.lineSeparator() + t));
  }

  static int exitCode(Verdict verdict) {
    return switch (verdict) {
      case PASSED -> ExitCodes.PASSED;
      case FAILED -> ExitCodes.FAILED;
      case INCONCLUSIVE -> ExitCodes.INCONCLUSIVE;
    };
  }
}
