package dev.leakgate.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How to wait on a gate and report its verdict. */
public class WaitOptions {
  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "0s",
      description =
          "Stop waiting after this long (30m, 1h) with exit code 4; the gate goes on. Default:"
              + " ${DEFAULT-VALUE}, as long as the gate runs.")
  String timeout;

  @Option(
      names = "--output",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description =
          "text (the verdict table) or json (the gate's status). Default: ${DEFAULT-VALUE}.")
  String output;

  @Option(
      names = "--junit",
      paramLabel = "FILE",
      description = "Also write a JUnit XML report: one test case per signal and pod.")
  Path junit;
}
