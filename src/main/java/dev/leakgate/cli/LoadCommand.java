package dev.leakgate.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leakgate.load.LoadGenerator;
import dev.leakgate.load.LoadPlan;
import dev.leakgate.load.LoadSummary;
import dev.leakgate.report.LoadReport;
import dev.leakgate.spec.HttpLoadSpec;
import dev.leakgate.spec.InvalidSpecException;
import dev.leakgate.spec.LoadPlans;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code leakgate load}: the built-in HTTP load generator, also what the operator's Job runs. */
@Command(
    name = "load",
    mixinStandardHelpOptions = true,
    description = {
      "Sends HTTP load: --rate for a fixed arrival rate (open model; arrivals that find"
          + " --max-in-flight requests outstanding are dropped and counted, never delayed), or"
          + " --concurrency for workers that send as fast as the target answers (closed model).",
      "Progress goes to stderr every 5 s; the summary to stdout (--output json for JSON).",
      "",
      "Exit code: 0 the load was delivered (at least one request succeeded), 1 no request"
          + " succeeded, 3 invalid arguments."
    })
public class LoadCommand implements Callable<Integer> {
  static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

  enum Output {
    text,
    json
  }

  @Option(names = "--url", required = true, description = "URL to send requests to.")
  String url;

  @Option(names = "--method", defaultValue = "GET", description = "HTTP method. Default GET.")
  String method;

  @Option(
      names = "--header",
      paramLabel = "NAME:VALUE",
      description = "A request header; repeatable.")
  List<String> headers = List.of();

  @Option(names = "--body-file", description = "File whose bytes are sent as the request body.")
  Path bodyFile;

  @Option(
      names = "--body",
      description = "The request body as text (the operator's load Jobs pass spec.load.http.body).")
  String bodyText;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Model model;

  static class Model {
    @Option(names = "--rate", paramLabel = "RPS", description = "Requests per second (open).")
    Double rate;

    @Option(names = "--concurrency", paramLabel = "N", description = "Workers (closed).")
    Integer concurrency;
  }

  @Option(names = "--duration", required = true, description = "How long to load, e.g. 5m.")
  String duration;

  @Option(
      names = "--max-in-flight",
      paramLabel = "N",
      description = "Open model: most requests outstanding. Default 1000.")
  Integer maxInFlight;

  @Option(names = "--timeout", defaultValue = "10s", description = "Per request. Default 10s.")
  String timeout;

  @Option(
      names = "--ramp-up",
      defaultValue = "0s",
      description = "Climb to the rate or concurrency over this time. Default 0s.")
  String rampUp;

  @Option(names = "--output", defaultValue = "text", description = "text or json.")
  Output output;

  @Option(
      names = "--summary-file",
      paramLabel = "PATH",
      description =
          "Also write the JSON summary here (the operator's Job uses /dev/termination-log).")
  Path summaryFile;

  @Spec CommandSpec spec;

  private final ObjectMapper mapper = new ObjectMapper();

  @Override
  public Integer call() throws IOException, InterruptedException {
    LoadPlan plan = plan();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    LoadSummary summary =
        new LoadGenerator()
            .run(
                plan,
                PROGRESS_EVERY,
                p -> {
                  err.println(LoadReport.progressLine(p));
                  err.flush();
                });
    String json = mapper.writeValueAsString(summary);
    if (summaryFile != null) {
      Files.writeString(summaryFile, json + "\n", StandardCharsets.UTF_8);
    }
    if (output == Output.json) {
      out.println(json);
    } else {
      out.print(LoadReport.summary(summary));
    }
    out.flush();
    if (!summary.delivered()) {
      err.println("leakgate: no request succeeded: " + LoadReport.errors(summary));
      err.flush();
      return ExitCodes.FAILED;
    }
    return ExitCodes.PASSED;
  }

  private LoadPlan plan() throws IOException {
    Map<String, String> headerMap = new LinkedHashMap<>();
    for (String header : headers) {
      int colon = header.indexOf(':');
      if (colon <= 0) {
        throw new ParameterException(
            spec.commandLine(), "--header '" + header + "' is not NAME:VALUE");
      }
      headerMap.put(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
    }
    String body = bodyText;
    if (bodyFile != null && bodyText != null) {
      throw new ParameterException(spec.commandLine(), "give --body or --body-file, not both");
    }
    if (bodyFile != null) {
      if (!Files.isReadable(bodyFile)) {
        throw new ParameterException(
            spec.commandLine(), "--body-file " + bodyFile + ": can't read");
      }
      body = Files.readString(bodyFile, StandardCharsets.UTF_8);
    }
    HttpLoadSpec load =
        new HttpLoadSpec(
            url,
            method,
            headerMap,
            body,
            model.rate,
            model.concurrency,
            duration,
            maxInFlight,
            timeout,
            rampUp);
    try {
      return LoadPlans.from(load, LoadCommand::optionName);
    } catch (InvalidSpecException e) {
      throw new ParameterException(spec.commandLine(), e.describe());
    }
  }

  /** "maxInFlight" to "--max-in-flight". */
  static String optionName(String field) {
    return "--" + field.replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
  }
}
