package dev.leakgate.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leakgate.analysis.Reason;
import dev.leakgate.analysis.SignalKind;
import dev.leakgate.analysis.VerdictEngine;
import dev.leakgate.operator.model.ErrorReason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The documentation promises what the code does. */
class DocsTest {

  private static final String ERROR_REASONS = "## Error reasons";

  @Test
  void reasonCodesDocListsExactlyTheEnginesCodes() throws Exception {
    String doc = Files.readString(Path.of("docs/reason-codes.md"));

    assertThat(tableCodes(doc.substring(0, doc.indexOf(ERROR_REASONS))))
        .containsExactlyInAnyOrderElementsOf(
            Arrays.stream(Reason.values()).map(Reason::code).toList());
  }

  @Test
  void reasonCodesDocListsExactlyTheOperatorsErrorReasons() throws Exception {
    String doc = Files.readString(Path.of("docs/reason-codes.md"));

    assertThat(tableCodes(doc.substring(doc.indexOf(ERROR_REASONS))))
        .containsExactlyInAnyOrderElementsOf(
            Arrays.stream(ErrorReason.values()).map(ErrorReason::name).toList());
  }

  private static List<String> tableCodes(String markdown) {
    Matcher row = Pattern.compile("(?m)^\\| `([A-Za-z]+)` \\|").matcher(markdown);
    return row.results().map(m -> m.group(1)).toList();
  }

  @Test
  void runDocsShortestGatesAreTheEnginesOwn() throws Exception {
    String doc = Files.readString(Path.of("docs/run.md"));
    for (int scrape : new int[] {1, 5, 15, 30}) {
      Duration interval = Duration.ofSeconds(scrape);
      Duration recovery = VerdictEngine.shortestRecovery(interval).orElseThrow();
      String row =
          String.format(
              "| %d s | %s | %s | %s / %s |",
              scrape,
              spoken(recovery),
              spoken(VerdictEngine.shortestBaseline(interval, recovery, false)),
              spoken(VerdictEngine.shortestBaseline(interval, recovery, true)),
              spoken(VerdictEngine.shortestBaseline(interval, Duration.ofMinutes(10), true)));
      assertThat(doc).contains(row);
    }
  }

  /** A duration as the docs write it: "2 min 37 s", "53 s". */
  private static String spoken(Duration d) {
    long minutes = d.toMinutes();
    long seconds = d.toSecondsPart();
    if (minutes == 0) {
      return seconds + " s";
    }
    return seconds == 0 ? minutes + " min" : minutes + " min " + seconds + " s";
  }

  @Test
  void recordingFormatDocDescribesEveryKind() throws Exception {
    String doc = Files.readString(Path.of("docs/recording-format.md"));
    for (SignalKind kind : SignalKind.values()) {
      assertThat(doc).contains("| `" + kind.id() + "` |");
    }
  }
}
