package dev.leakgate.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leakgate.analysis.Reason;
import dev.leakgate.analysis.SignalKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The documentation promises what the code does. */
class DocsTest {

  @Test
  void reasonCodesDocListsExactlyTheEnginesCodes() throws Exception {
    String doc = Files.readString(Path.of("docs/reason-codes.md"));
    Matcher row = Pattern.compile("(?m)^\\| `([A-Za-z]+)` \\|").matcher(doc);
    List<String> documented = row.results().map(m -> m.group(1)).toList();

    assertThat(documented)
        .containsExactlyInAnyOrderElementsOf(
            Arrays.stream(Reason.values()).map(Reason::code).toList());
  }

  @Test
  void recordingFormatDocDescribesEveryKind() throws Exception {
    String doc = Files.readString(Path.of("docs/recording-format.md"));
    for (SignalKind kind : SignalKind.values()) {
      assertThat(doc).contains("| `" + kind.id() + "` |");
    }
  }
}
