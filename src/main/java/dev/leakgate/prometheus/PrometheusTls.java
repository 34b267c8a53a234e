package dev.leakgate.prometheus;

import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * How the Prometheus client trusts an https server: the JDK's CAs (default), a CA bundle of the
 * user's (PEM, e.g. a cluster's service CA), or, when the user says so, anything.
 */
public final class PrometheusTls {
  private PrometheusTls() {}

  /** Thrown for a CA bundle that holds no usable certificate. */
  public static final class BadCaException extends Exception {
    BadCaException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Empty: the JDK's default trust. */
  public static Optional<SSLContext> context(Optional<String> caPem, boolean insecure)
      throws BadCaException {
    try {
      if (insecure) {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new TrustingEverything()}, new SecureRandom());
        return Optional.of(context);
      }
      if (caPem.isEmpty()) {
        return Optional.empty();
      }
      Collection<? extends Certificate> certificates =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(
                  new ByteArrayInputStream(caPem.get().getBytes(StandardCharsets.US_ASCII)));
      if (certificates.isEmpty()) {
        throw new BadCaException("the CA bundle holds no PEM certificate", null);
      }
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate certificate : certificates) {
        store.setCertificateEntry("ca-" + i++, certificate);
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), new SecureRandom());
      return Optional.of(context);
    } catch (java.security.cert.CertificateException e) {
      throw new BadCaException("the CA bundle is not PEM certificates: " + e.getMessage(), e);
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new BadCaException("can't use the CA bundle: " + e.getMessage(), e);
    }
  }

  /**
   * Accepts any certificate for any host: the user asked for it (insecure-skip-tls-verify). An
   * extended trust manager, so that the JDK does not check the host name on its own either.
   */
  private static final class TrustingEverything extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
