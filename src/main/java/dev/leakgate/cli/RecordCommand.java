package dev.leakgate.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.leakgate.analysis.GateSettings;
import dev.leakgate.analysis.Recovery;
import dev.leakgate.analysis.SignalKind;
import dev.leakgate.prometheus.CustomSignal;
import dev.leakgate.prometheus.Preset;
import dev.leakgate.prometheus.PrometheusClient;
import dev.leakgate.prometheus.PrometheusException;
import dev.leakgate.prometheus.PrometheusTls;
import dev.leakgate.prometheus.Recorder;
import dev.leakgate.recording.Durations;
import dev.leakgate.recording.RecordedSignal;
import dev.leakgate.recording.Recording;
import dev.leakgate.recording.RecordingJson;
import dev.leakgate.recording.Times;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code leakgate record}: a gate's signals from Prometheus into a recording for judge. */
@Command(
    name = "record",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Reads the signals of some pods around a load from Prometheus and writes a recording that"
          + " 'leakgate judge' replays.",
      "Times are RFC 3339 (2026-11-28T10:00:00Z) or Unix seconds. Exit code 3 on bad arguments"
          + " or when Prometheus fails; the message names the query."
    })
public class RecordCommand implements Callable<Integer> {

  @Option(names = "--prometheus", required = true, description = "Prometheus base URL.")
  URI prometheus;

  @Option(names = "--namespace", required = true, description = "The pods' namespace label.")
  String namespace;

  @Option(
      names = "--pods",
      required = true,
      split = ",",
      paramLabel = "POD",
      description = "Pod names, comma separated (matched exactly).")
  List<String> pods;

  @Option(
      names = "--signals",
      split = ",",
      paramLabel = "PRESET|SIGNAL",
      defaultValue = "jvm",
      description =
          "Presets (jvm, container, go, nodejs, python, or auto: whichever exist) or single"
              + " preset signals (jvm-threads), comma separated.")
  List<String> presets;

  @Option(names = "--load-start", required = true, description = "When the load started.")
  String loadStart;

  @Option(names = "--load-end", required = true, description = "When the load ended.")
  String loadEnd;

  @Option(names = "--from", required = true, description = "Start of the recording.")
  String from;

  @Option(names = "--to", required = true, description = "End of the recording.")
  String to;

  @Option(names = "--step", defaultValue = "15s", description = "Resolution (the scrape interval).")
  String step;

  @Option(
      names = "--raw",
      description =
          "Read the preset signals as the raw samples Prometheus scraped (range selectors)"
              + " instead of query_range at --step: nothing is filled in, so a Prometheus outage"
              + " shows as the gap it was. --query signals still use query_range.")
  boolean raw;

  @Option(
      names = "--baseline-window",
      description = "Written into the recording; default: from --from to --load-start.")
  String baselineWindow;

  @Option(
      names = "--recovery-timeout",
      description = "Written into the recording; default: from --load-end to --to.")
  String recoveryTimeout;

  @Option(
      names = "--bearer-token-file",
      description = "A file holding a bearer token (e.g. a projected service-account token).")
  Path bearerTokenFile;

  @Option(names = "--basic-auth-user", description = "User for HTTP basic authentication.")
  String basicAuthUser;

  @Option(
      names = "--basic-auth-password-file",
      description = "A file holding the basic-auth password.")
  Path basicAuthPasswordFile;

  @Option(
      names = "--header",
      paramLabel = "NAME:VALUE",
      description = "An extra request header, NAME:VALUE (repeatable), e.g. X-Scope-OrgID:team-a.")
  List<String> extraHeaders = new ArrayList<>();

  @Option(
      names = "--ca-file",
      description = "PEM CA bundle to trust for an https Prometheus (instead of the JDK's CAs).")
  Path caFile;

  @Option(
      names = "--insecure-skip-tls-verify",
      description = "Trust any certificate of an https Prometheus. For tests only.")
  boolean insecure;

  @Option(names = "--timeout", defaultValue = "30s", description = "Per-request timeout.")
  String timeout;

  @Option(names = "--out", required = true, description = "The recording file to write.")
  Path out;

  @Option(
      names = "--query",
      paramLabel = "NAME:KIND=PROMQL",
      description =
          "A signal of your own, repeatable: PromQL with one series per pod (a pod label), where"
              + " $namespace and $pods are filled in. KIND: goroutines, threads, fds, handles,"
              + " heap, memory (warns only) or count (needs --tolerance).")
  List<String> queries = new ArrayList<>();

  @Option(
      names = "--tolerance",
      paramLabel = "NAME=BAND",
      description =
          "The band above baseline of a --query signal: 10%, 5, 64Mi, or both as 10%,5."
              + " Default: its kind's.")
  List<String> tolerances = new ArrayList<>();

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    List<CustomSignal> custom = customQueries();
    Recorder.Request request = request(custom.stream().anyMatch(q -> q.kind().gatingByDefault()));
    PrometheusClient client =
        PrometheusClient.standard(prometheus, headers(), duration("--timeout", timeout), tls());
    try {
      Recorder recorder = new Recorder(client);
      Recording recording =
          withCustom(
              recorder,
              request,
              custom,
              recorder.record(request, note -> spec.commandLine().getErr().println(note)));
      ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      mapper.writeValue(out.toFile(), RecordingJson.write(recording));
      spec.commandLine()
          .getErr()
          .printf(
              "recorded %d signals of %d pods to %s%n",
              recording.signals().size(), pods.size(), out);
      return 0;
    } catch (PrometheusException e) {
      spec.commandLine().getErr().println("leakgate record: " + e.getMessage());
      return ExitCodes.ERROR;
    }
  }

  private Map<String, String> headers() throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    for (String header : extraHeaders) {
      int colon = header.indexOf(':');
      if (colon <= 0) {
        throw new ParameterException(
            spec.commandLine(), "--header: '" + header + "' is not NAME:VALUE");
      }
      headers.put(header.substring(0, colon).strip(), header.substring(colon + 1).strip());
    }
    if (bearerTokenFile != null && basicAuthUser != null) {
      throw new ParameterException(
          spec.commandLine(), "--bearer-token-file and --basic-auth-user exclude each other");
    }
    if (bearerTokenFile != null) {
      headers.put("Authorization", PrometheusClient.bearer(Files.readString(bearerTokenFile)));
    }
    if (basicAuthUser != null) {
      if (basicAuthPasswordFile == null) {
        throw new ParameterException(
            spec.commandLine(), "--basic-auth-user needs --basic-auth-password-file");
      }
      headers.put(
          "Authorization",
          PrometheusClient.basic(basicAuthUser, Files.readString(basicAuthPasswordFile).strip()));
    }
    return headers;
  }

  /** NAME:KIND=PROMQL; the PromQL may span lines. */
  private static final Pattern QUERY =
      Pattern.compile("([a-z0-9]([-a-z0-9]*[a-z0-9])?):([a-z-]+)=(.+)", Pattern.DOTALL);

  private List<CustomSignal> customQueries() {
    Map<String, String[]> bands = new LinkedHashMap<>();
    for (String t : tolerances) {
      int eq = t.indexOf('=');
      if (eq <= 0) {
        throw new ParameterException(
            spec.commandLine(), "--tolerance '" + t + "' is not NAME=BAND");
      }
      String relative = null;
      String absolute = null;
      for (String part : t.substring(eq + 1).split(",")) {
        if (part.strip().matches(CustomSignal.PERCENT)) {
          relative = part.strip();
        } else if (part.strip().matches(CustomSignal.AMOUNT)) {
          absolute = part.strip();
        } else {
          throw new ParameterException(
              spec.commandLine(),
              "--tolerance "
                  + t
                  + ": '"
                  + part
                  + "' is neither a percentage (10%) nor an amount"
                  + " (5, 64Mi)");
        }
      }
      bands.put(t.substring(0, eq).strip(), new String[] {relative, absolute});
    }
    List<CustomSignal> out = new ArrayList<>();
    for (String q : queries) {
      Matcher m = QUERY.matcher(q);
      if (!m.matches()) {
        throw new ParameterException(
            spec.commandLine(), "--query '" + q + "' is not NAME:KIND=PROMQL");
      }
      SignalKind kind =
          CustomSignal.judgedKind(m.group(3))
              .orElseThrow(
                  () ->
                      new ParameterException(
                          spec.commandLine(),
                          "--query "
                              + m.group(1)
                              + ": kind '"
                              + m.group(3)
                              + "' is not one of "
                              + CustomSignal.KINDS));
      String[] band = bands.remove(m.group(1));
      CustomSignal signal =
          new CustomSignal(
              m.group(1),
              m.group(4),
              kind,
              kind.gatingByDefault(),
              band == null ? null : band[0],
              band == null ? null : band[1]);
      if (signal.lacksRequiredBand()) {
        throw new ParameterException(
            spec.commandLine(),
            "--query "
                + m.group(1)
                + " is a count: give its band with --tolerance "
                + m.group(1)
                + "=...");
      }
      out.add(signal);
    }
    if (!bands.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(), "--tolerance for " + bands.keySet() + ": no such --query");
    }
    return out;
  }

  /** Records the --query signals and adds them; one without series is an error naming it. */
  private static Recording withCustom(
      Recorder recorder, Recorder.Request request, List<CustomSignal> custom, Recording recording)
      throws PrometheusException {
    if (custom.isEmpty()) {
      return recording;
    }
    List<Recorder.ResolvedQuery> resolved =
        custom.stream().map(c -> c.resolve(request.namespace(), request.pods())).toList();
    Recording data = recorder.recordResolved(resolved, request);
    Optional<RecordedSignal> missing = data.firstWithoutSeries();
    if (missing.isPresent()) {
      throw new PrometheusException(
          PrometheusException.Kind.EMPTY_RESULT,
          missing.get().query().orElse(""),
          missing.get().name() + " matched no series for pods " + request.pods());
    }
    List<RecordedSignal> signals = new ArrayList<>(recording.signals());
    for (int i = 0; i < custom.size(); i++) {
      signals.add(custom.get(i).judge(data.signals().get(i)));
    }
    return recording.withSignals(signals);
  }

  private Recorder.Request request(boolean customJudged) {
    List<Preset.Signal> chosen;
    try {
      chosen = Preset.resolve(presets.stream().map(String::strip).toList());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--signals: " + e.getMessage());
    }
    Instant start = time("--load-start", loadStart);
    Instant end = time("--load-end", loadEnd);
    Instant first = time("--from", from);
    Instant last = time("--to", to);
    if (end.isBefore(start)) {
      throw new ParameterException(spec.commandLine(), "--load-end is before --load-start");
    }
    if (!first.isBefore(start) || !last.isAfter(end)) {
      throw new ParameterException(
          spec.commandLine(), "--from must be before --load-start and --to after --load-end");
    }
    return new Recorder.Request(
        new Recorder.Target(
            namespace, pods, chosen, presets.stream().anyMatch(p -> p.strip().equals(Preset.AUTO))),
        new Recorder.Span(first, start, end, last),
        duration("--step", step),
        new GateSettings(
            baselineWindow == null
                ? Duration.between(first, start)
                : duration("--baseline-window", baselineWindow),
            new Recovery(
                Optional.empty(),
                recoveryTimeout == null
                    ? Duration.between(end, last)
                    : duration("--recovery-timeout", recoveryTimeout),
                Optional.empty(),
                Recovery.DEFAULT_SETTLE)),
        customJudged ? Recorder.PresetSignals.OPTIONAL : Recorder.PresetSignals.REQUIRED,
        raw ? Recorder.Samples.RAW : Recorder.Samples.QUERY_RANGE);
  }

  private Optional<javax.net.ssl.SSLContext> tls() throws IOException {
    if (caFile != null && insecure) {
      throw new ParameterException(
          spec.commandLine(), "give --ca-file or --insecure-skip-tls-verify, not both");
    }
    Optional<String> ca = Optional.empty();
    if (caFile != null) {
      if (!Files.isReadable(caFile)) {
        throw new ParameterException(spec.commandLine(), "--ca-file " + caFile + ": can't read");
      }
      ca = Optional.of(Files.readString(caFile));
    }
    try {
      return PrometheusTls.context(ca, insecure);
    } catch (PrometheusTls.BadCaException e) {
      throw new ParameterException(
          spec.commandLine(), "--ca-file " + caFile + ": " + e.getMessage());
    }
  }

  private Instant time(String option, String text) {
    try {
      return Times.parse(text);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), option + ": " + e.getMessage());
    }
  }

  private Duration duration(String option, String text) {
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), option + ": " + e.getMessage());
    }
  }
}
