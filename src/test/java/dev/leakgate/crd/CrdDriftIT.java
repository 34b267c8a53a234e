package dev.leakgate.crd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The committed CRD (what users apply) is exactly what the build generates from the Java model. */
class CrdDriftIT {

  @Test
  void committedCrdEqualsTheGeneratedOne() throws Exception {
    GeneratedCrd.crd();
    assertThat(Files.readString(GeneratedCrd.COMMITTED))
        .as(
            "crds/ differs from the generated CRD; after changing the model run"
                + " ./mvnw -DskipTests package && cp %s %s",
            GeneratedCrd.GENERATED, GeneratedCrd.COMMITTED)
        .isEqualTo(Files.readString(GeneratedCrd.GENERATED));
  }
}
