package dev.leakgate.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The CRD the build generated from the Java model (runs after package, also on a clean clone). */
final class GeneratedCrd {
  static final Path GENERATED = Path.of("target/kubernetes/leakgates.leakgate.dev-v1.yml");
  static final Path COMMITTED = Path.of("crds/leakgates.leakgate.dev-v1.yml");
  static final YAMLMapper YAML = new YAMLMapper();

  private GeneratedCrd() {}

  static JsonNode crd() throws IOException {
    assertThat(GENERATED).as("the build generates the CRD before the integration tests").exists();
    return YAML.readTree(Files.readString(GENERATED));
  }

  /** The v1alpha1 openAPIV3Schema. */
  static JsonNode schema() throws IOException {
    return crd().path("spec").path("versions").get(0).path("schema").path("openAPIV3Schema");
  }
}
