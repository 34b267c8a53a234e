package dev.leakgate.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leakgate.testing.Leakgate;
import dev.leakgate.testing.LocalPrometheus;
import dev.leakgate.testing.SelfSignedCert;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real Prometheus serving https with its own certificate, read with and without its CA. */
class PrometheusTlsIT {
  @TempDir static Path dir;
  private static SelfSignedCert cert;
  private static LocalPrometheus prometheus;

  @BeforeAll
  static void start() throws Exception {
    cert = SelfSignedCert.create(dir, "prometheus");
    prometheus =
        new LocalPrometheus(Files.createDirectories(dir.resolve("prom")), "ns", Map.of(), cert);
    assertThat(prometheus.url.getScheme()).isEqualTo("https");
  }

  @AfterAll
  static void stop() throws Exception {
    if (prometheus != null) {
      prometheus.close();
    }
  }

  private static PrometheusClient client(Optional<SSLContext> tls) {
    return new PrometheusClient(
        prometheus.url,
        Map.of(),
        Duration.ofSeconds(2),
        Duration.ofSeconds(5),
        1,
        Duration.ofMillis(10),
        1,
        tls);
  }

  private static com.fasterxml.jackson.databind.node.ObjectNode query(PrometheusClient client)
      throws PrometheusException {
    Instant now = Instant.now();
    return client.queryRange("vector(1)", now.minusSeconds(10), now, Duration.ofSeconds(1));
  }

  @Test
  void itsCaBundleIsTrustedAndHostNamesStillChecked() throws Exception {
    var data = query(client(PrometheusTls.context(Optional.of(cert.certificatePem()), false)));
    assertThat(data.path("result").get(0).path("values").size()).isGreaterThanOrEqualTo(10);
  }

  @Test
  void theJdksCasAndAnotherCaAreRefused() throws Exception {
    assertThatThrownBy(() -> query(client(Optional.empty())))
        .isInstanceOfSatisfying(
            PrometheusException.class,
            e -> assertThat(e.kind()).isEqualTo(PrometheusException.Kind.UNREACHABLE))
        .hasMessageContaining("PKIX");
    SelfSignedCert other = SelfSignedCert.create(dir, "other");
    assertThatThrownBy(
            () -> query(client(PrometheusTls.context(Optional.of(other.certificatePem()), false))))
        .isInstanceOf(PrometheusException.class);
  }

  @Test
  void insecureTrustsAnything() throws Exception {
    assertThat(query(client(PrometheusTls.context(Optional.empty(), true))).path("result").size())
        .isEqualTo(1);
  }

  @Test
  void recordSaysWhenItsCaFileIsNoCertificate() throws Exception {
    Path notPem = Files.writeString(dir.resolve("ca.pem"), "not a certificate\n");
    Leakgate.Result result =
        Leakgate.run(
            dir,
            "record",
            "--prometheus",
            prometheus.url.toString(),
            "--namespace",
            "ns",
            "--pods",
            "p",
            "--signals",
            "jvm",
            "--load-start",
            "2026-11-28T10:00:00Z",
            "--load-end",
            "2026-11-28T10:01:00Z",
            "--from",
            "2026-11-28T09:55:00Z",
            "--to",
            "2026-11-28T10:05:00Z",
            "--ca-file",
            notPem.toString(),
            "--out",
            dir.resolve("out.json").toString());
    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.stderr()).contains("--ca-file").contains("not PEM certificates");
  }
}
