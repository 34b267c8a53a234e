package dev.leakgate.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.leakgate.recording.Durations;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

/** The pre-load measurement. */
public record BaselineSpec(
    @Pattern(Durations.PATTERN)
        @Default(BaselineSpec.DEFAULT_WINDOW)
        @JsonPropertyDescription(
            "How long to measure before the load. Default 5m. The operator uses history already"
                + " in Prometheus when the pods are older than the window.")
        String window) {
  public static final String DEFAULT_WINDOW = "5m";

  public BaselineSpec {
    window = window == null ? DEFAULT_WINDOW : window;
  }
}
