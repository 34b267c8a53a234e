package dev.leakgate.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leakgate.analysis.Reason;
import dev.leakgate.analysis.SignalKind;
import dev.leakgate.operator.ErrorReason;
import java.nio.file.Files;
import java.nio.file.Path;
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
  void recordingFormatDocDescribesEveryKind() throws Exception {
    String doc = Files.readString(Path.of("docs/recording-format.md"));
    for (SignalKind kind : SignalKind.values()) {
      assertThat(doc).contains("| `" + kind.id() + "` |");
    }
  }
}
