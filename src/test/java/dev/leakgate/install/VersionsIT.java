package dev.leakgate.install;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.leakgate.testing.Leakgate;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One version everywhere: the image the release publishes (its tag is the Maven project version,
 * which the build stamps into the jar) is the one `--version` names, the operator's load Jobs run
 * by default, the chart's appVersion and version point to, deploy/ runs, and the release workflow
 * publishes. Written in several files because each tool reads its own, so this test keeps them
 * equal.
 */
class VersionsIT {
  private static final YAMLMapper YAML = new YAMLMapper();

  @Test
  void everyPlaceNamesTheImageTheReleasePublishes(@TempDir Path home) throws Exception {
    String version = System.getProperty("leakgate.version");
    assertThat(version).as("the project version, from the build").isNotBlank();

    Leakgate.Result reported = Leakgate.run(home, "--version");
    assertThat(reported.exitCode()).isZero();
    assertThat(reported.stdoutLines()).first().isEqualTo("leakgate " + version);
    String image = reported.stdoutLines().get(1).replaceFirst("^image ", "");
    assertThat(image).endsWith(":" + version);
    String repository = image.substring(0, image.lastIndexOf(':'));

    JsonNode chart = YAML.readTree(Path.of("helm/leakgate/Chart.yaml").toFile());
    assertThat(chart.path("version").asText()).isEqualTo(version);
    assertThat(chart.path("appVersion").asText()).isEqualTo(version);
    JsonNode values = YAML.readTree(Path.of("helm/leakgate/values.yaml").toFile());
    assertThat(values.path("image").path("repository").asText()).isEqualTo(repository);
    assertThat(values.path("image").path("tag").asText())
        .as("empty: the chart's appVersion")
        .isEmpty();

    List<HasMetadata> deploy =
        HelmChartIT.objects(Files.readString(Path.of("deploy/050-deployment.yaml")));
    var container =
        ((Deployment) deploy.get(0)).getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getImage()).isEqualTo(image);
    assertThat(container.getEnv())
        .filteredOn(e -> e.getName().equals("LEAKGATE_LOAD_IMAGE"))
        .extracting(EnvVar::getValue)
        .containsExactly(image);

    assertThat(Files.readString(Path.of(".github/workflows/release.yaml")))
        .contains(".ci/release-image " + repository + " ");
  }
}
