package dev.leakgate.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leakgate.analysis.GateVerdict;
import dev.leakgate.analysis.Numbers;
import dev.leakgate.analysis.PodVerdict;
import dev.leakgate.analysis.SignalVerdict;
import dev.leakgate.analysis.Verdict;
import dev.leakgate.load.LoadGenerator;
import dev.leakgate.local.ChildService;
import dev.leakgate.local.LocalGate;
import dev.leakgate.local.LocalGatePlan;
import dev.leakgate.local.LocalGatePlans;
import dev.leakgate.local.LocalGateResult;
import dev.leakgate.report.ThreadDumps;
import dev.leakgate.spec.SpecReader;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.ToDoubleFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code leakgate demo}: the story of the README, on this machine, in about two minutes. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Starts the sample service twice (leak on: every timed-out call leaves a thread parked in"
          + " SynchronousQueue.put; leak off: the fix), gates both at once with short windows, and"
          + " shows the difference, with the leaky one's largest thread group.",
      "",
      "Exit code: 0 the leak failed and the fix passed, 1 otherwise, 3 the demo could not run."
    })
public class DemoCommand implements Callable<Integer> {
  private static final String LEAKY = "checkout-leaky";
  private static final String FIXED = "checkout-fixed";
  private static final String THREADS = "jvm-threads";

  @Option(names = "--baseline-window", defaultValue = "15s", description = "Default 15s.")
  String baselineWindow;

  @Option(names = "--load-duration", defaultValue = "20s", description = "Default 20s.")
  String loadDuration;

  @Option(names = "--rate", defaultValue = "30", description = "Requests/s. Default 30.")
  double rate;

  @Option(names = "--recovery-timeout", defaultValue = "60s", description = "Default 60s.")
  String recoveryTimeout;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    err.println("starting the sample service twice: leak on and leak off");
    err.flush();
    try (ChildService leaky = ChildService.start(true);
        ChildService fixed = ChildService.start(false)) {
      LocalGatePlan leakyPlan = plan(LEAKY, leaky.url());
      LocalGatePlan fixedPlan = plan(FIXED, fixed.url());
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      ExecutorService gates = Executors.newFixedThreadPool(2);
      try {
        Future<LocalGateResult> leakyResult = gates.submit(() -> gate(http, err).run(leakyPlan));
        Future<LocalGateResult> fixedResult = gates.submit(() -> gate(http, err).run(fixedPlan));
        LocalGateResult a = leakyResult.get();
        LocalGateResult b = fixedResult.get();
        print(out, a, b);
        out.flush();
        boolean asExpected =
            a.verdict().verdict() == Verdict.FAILED && b.verdict().verdict() == Verdict.PASSED;
        return asExpected ? ExitCodes.PASSED : ExitCodes.FAILED;
      } finally {
        gates.shutdownNow();
      }
    }
  }

  private LocalGate gate(HttpClient http, PrintWriter err) {
    return new LocalGate(
        Clock.systemUTC(),
        http,
        new LoadGenerator(),
        line -> {
          synchronized (err) {
            err.println(line);
            err.flush();
          }
        });
  }

  /** The demo's gate, field by field as a user would write it in YAML. */
  private LocalGatePlan plan(String name, String baseUrl) throws Exception {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("apiVersion", SpecReader.API_VERSION).put("kind", SpecReader.KIND);
    root.putObject("metadata").put("name", name);
    ObjectNode spec = root.putObject("spec");
    spec.putObject("target")
        .put("name", name)
        .put("metricsUrl", baseUrl + "/metrics")
        .put("threadDumpUrl", baseUrl + "/threads");
    spec.putObject("signals")
        .putArray("presets")
        .add(THREADS)
        .add("process-open-fds")
        .add("process-start-time");
    spec.put("scrapeInterval", "1s");
    spec.putObject("baseline").put("window", baselineWindow);
    spec.putObject("load")
        .putObject("http")
        .put("url", baseUrl + "/api/recommend")
        .put("rate", rate)
        .put("duration", loadDuration)
        .put("timeout", "2s");
    spec.putObject("recovery").put("timeout", recoveryTimeout);
    return LocalGatePlans.from(new SpecReader().read(root));
  }

  private static final String ROW = "%-22s %-30s %-30s%n";

  private static void print(PrintWriter out, LocalGateResult leaky, LocalGateResult fixed) {
    out.println();
    row(out, "", "leak on (put)", "leak off (offer)");
    Optional<PodVerdict> a = threads(leaky.verdict());
    Optional<PodVerdict> b = threads(fixed.verdict());
    threadsRow(out, "threads before load", a, b, PodVerdict::baseline);
    threadsRow(out, "threads at peak", a, b, PodVerdict::peak);
    threadsRow(out, "threads after load", a, b, PodVerdict::level);
    threadsRow(out, "allowed", a, b, PodVerdict::allowed);
    row(out, "verdict", verdict(leaky.verdict()), verdict(fixed.verdict()));
    row(out, "decided after load", seconds(leaky.verdict()), seconds(fixed.verdict()));
    row(out, "requests (ok/errors)", requests(leaky), requests(fixed));
    out.println();
    out.println(LEAKY + ": " + leaky.verdict().message());
    out.println(FIXED + ": " + fixed.verdict().message());
    leaky
        .threadDump()
        .flatMap(ThreadDumps::topGroup)
        .ifPresent(
            top -> {
              out.println();
              out.println(LEAKY + "'s largest thread group (GET /threads):");
              out.println(top);
            });
  }

  private static Optional<PodVerdict> threads(GateVerdict verdict) {
    return verdict.signals().stream()
        .filter(s -> s.name().equals(THREADS))
        .map(SignalVerdict::pods)
        .filter(p -> !p.isEmpty())
        .map(p -> p.get(0))
        .findFirst();
  }

  private static void row(PrintWriter out, String label, String leaky, String fixed) {
    out.printf(Locale.ROOT, ROW, label, leaky, fixed);
  }

  private static void threadsRow(
      PrintWriter out,
      String label,
      Optional<PodVerdict> leaky,
      Optional<PodVerdict> fixed,
      ToDoubleFunction<PodVerdict> field) {
    row(out, label, cell(leaky, field), cell(fixed, field));
  }

  private static String cell(Optional<PodVerdict> pod, ToDoubleFunction<PodVerdict> field) {
    return pod.map(p -> field.applyAsDouble(p))
        .filter(v -> !Double.isNaN(v))
        .map(Numbers::plain)
        .orElse("-");
  }

  private static String requests(LocalGateResult result) {
    return result.load().map(load -> load.successes() + "/" + load.errorCount()).orElse("-");
  }

  private static String verdict(GateVerdict v) {
    return v.verdict().label() + " (" + v.reason().code() + ")";
  }

  private static String seconds(GateVerdict v) {
    return String.format(Locale.ROOT, "%.0fs", v.decidedAfterSeconds());
  }
}
