package dev.leakgate.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import java.util.List;

/** Which signals to watch. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SignalsSpec(
    @Default("[\"auto\"]")
        @JsonPropertyDescription(
            "Presets (container, jvm, go, nodejs, python, or auto: every preset signal that exists)"
                + " and preset signal names (jvm-threads). Default [auto].")
        List<String> presets,
    @JsonPropertyDescription(
            "Operator: your own PromQL signals, judged alongside the presets. leakgate run scrapes"
                + " without PromQL and refuses them.")
        List<CustomSignalSpec> custom) {

  public static final List<String> DEFAULT_PRESETS = List.of("auto");

  public SignalsSpec {
    presets = presets == null || presets.isEmpty() ? DEFAULT_PRESETS : List.copyOf(presets);
    custom = custom == null ? List.of() : List.copyOf(custom);
  }
}
