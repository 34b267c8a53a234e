package dev.leakgate.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PromQlTest {

  @Test
  void podNamesAreMatchedExactlyEvenWithRegexCharacters() {
    String regex = PromQl.exactly(List.of("api.0", "web-(1)"));
    assertThat(regex).isEqualTo("api\\.0|web-\\(1\\)");
    // Prometheus anchors label regexes: what it would match.
    Pattern anchored = Pattern.compile("^(?:" + regex + ")$");
    assertThat(anchored.matcher("api.0").matches()).isTrue();
    assertThat(anchored.matcher("apiX0").matches()).isFalse();
    assertThat(anchored.matcher("web-(1)").matches()).isTrue();
    assertThat(anchored.matcher("api.0-other").matches()).isFalse();
  }

  @Test
  void valuesCannotBreakOutOfTheirStringLiteral() {
    String query =
        PromQl.fill(
            "up{namespace=\"$namespace\", pod=~\"$pods\"}", "shop\", job=\"x", List.of("a\\b"));
    assertThat(query).isEqualTo("up{namespace=\"shop\\\", job=\\\"x\", pod=~\"a\\\\\\\\b\"}");
  }

  @Test
  void signalsResolveFromPresetsAndNamesOnceEach() {
    List<Preset.Signal> signals =
        Preset.resolve(List.of("jvm", "go-goroutines", "process-open-fds"));
    assertThat(signals)
        .extracting(Preset.Signal::name)
        .containsExactly(
            "jvm-threads",
            "jvm-old-gen-after-gc",
            "process-open-fds",
            "process-start-time",
            "go-goroutines");
    assertThatThrownBy(() -> Preset.resolve(List.of("ruby")))
        .hasMessageContaining("unknown preset or signal 'ruby'")
        .hasMessageContaining("jvm, container, go, nodejs, python")
        .hasMessageContaining("jvm-threads");
  }

  @Test
  void everyPresetQueryIsOneSeriesPerPodOverTheSelectedPods() {
    for (Preset preset : Preset.values()) {
      for (Preset.Signal s : preset.signals()) {
        assertThat(s.variants()).isNotEmpty();
        for (Preset.Variant v : s.variants()) {
          assertThat(v.template())
              .matches("(max|sum) by \\(pod\\) \\(.*\\)")
              .contains("namespace=\"$namespace\", pod=~\"$pods\"");
        }
      }
    }
  }

  @Test
  void jvmThreadsAreReadUnderEveryCommonNaming() {
    Preset.Signal threads = Preset.resolve(List.of("jvm-threads")).get(0);
    assertThat(threads.variants())
        .extracting(Preset.Variant::flavor)
        .containsExactly("simpleclient", "micrometer", "opentelemetry");
    assertThat(threads.variants().get(1).template()).contains("jvm_threads_live_threads");
  }

  @Test
  void autoTakesEveryPresetsSignalsOnce() {
    List<String> names = Preset.resolve(List.of("auto")).stream().map(Preset.Signal::name).toList();
    assertThat(names)
        .contains(
            "jvm-threads", "container-rss", "go-goroutines", "nodejs-active-handles", "process-rss")
        .doesNotHaveDuplicates();
  }
}
