package dev.leakgate.testing;

import dev.leakgate.prometheus.PrometheusTls;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * A self-signed certificate for 127.0.0.1, made with the JDK's keytool (no openssl needed) and
 * written as PEM files, so a real Prometheus can serve https in tests.
 */
public record SelfSignedCert(Path certificate, Path privateKey) {

  public static SelfSignedCert create(Path dir, String name) throws Exception {
    Path store = dir.resolve(name + ".p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "server",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=127.0.0.1",
                "-ext",
                "SAN=ip:127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                "changeit")
            .redirectErrorStream(true)
            .start();
    String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
      throw new IllegalStateException("keytool failed: " + output);
    }
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keys.load(in, "changeit".toCharArray());
    }
    Key key = keys.getKey("server", "changeit".toCharArray());
    Path cert = dir.resolve(name + "-cert.pem");
    Path pem = dir.resolve(name + "-key.pem");
    Files.writeString(cert, pem("CERTIFICATE", keys.getCertificate("server").getEncoded()));
    Files.writeString(pem, pem("PRIVATE KEY", key.getEncoded()));
    return new SelfSignedCert(cert, pem);
  }

  public String certificatePem() throws Exception {
    return Files.readString(certificate);
  }

  /** A client context trusting exactly this certificate. */
  public SSLContext trustingContext() {
    try {
      return PrometheusTls.context(Optional.of(certificatePem()), false).orElseThrow();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
