package dev.leakgate.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The pre-load measurement. */
public record BaselineSpec(
    @JsonPropertyDescription("How long to measure before the load. Default 5m.") String window) {
  public static final String DEFAULT_WINDOW = "5m";

  public BaselineSpec {
    window = window == null ? DEFAULT_WINDOW : window;
  }
}
