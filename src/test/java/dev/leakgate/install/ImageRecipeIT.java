package dev.leakgate.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * No container engine here, so the image is never built; what can be checked without one is: every
 * path the Dockerfile copies exists in the build output, and the entrypoint runs the jar it copied
 * as a non-root user.
 */
class ImageRecipeIT {
  private static final Path DOCKERFILE = Path.of("src/main/docker/Dockerfile.jvm");

  @Test
  void copiesWhatTheBuildMakesAndRunsItAsNonRoot() throws Exception {
    List<String> lines = Files.readAllLines(DOCKERFILE);
    Pattern copy = Pattern.compile("^COPY (?:--chown=\\S+ )?(\\S+) (\\S+)$");
    int copies = 0;
    for (String line : lines) {
      Matcher m = copy.matcher(line);
      if (m.matches()) {
        copies++;
        String source = m.group(1);
        if (source.contains("*")) {
          try (var files =
              Files.newDirectoryStream(
                  Path.of(source).getParent(), Path.of(source).getFileName().toString())) {
            assertThat(files.iterator().hasNext()).as(source).isTrue();
          }
        } else {
          assertThat(Path.of(source)).as(line).isDirectory();
        }
      }
    }
    assertThat(copies).isEqualTo(4);
    assertThat(Path.of("target/quarkus-app/quarkus-run.jar")).exists();
    assertThat(lines).contains("USER 185");
    assertThat(lines)
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith("ENTRYPOINT [\"java\"")
                    .contains("\"-jar\", \"/deployments/quarkus-run.jar\"]"));
  }
}
