package dev.leakgate.operator.cluster;

import dev.leakgate.operator.config.LeakGateConfig;
import dev.leakgate.operator.model.LeakGate;
import dev.leakgate.operator.steps.SignalSource;
import dev.leakgate.prometheus.PrometheusClient;
import dev.leakgate.prometheus.PrometheusException;
import dev.leakgate.prometheus.PrometheusTls;
import dev.leakgate.prometheus.Recorder;
import dev.leakgate.recording.Recording;
import dev.leakgate.spec.PrometheusSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Makes each gate's {@link SignalSource}: its own Prometheus (with credentials from Secrets in its
 * namespace, read with a direct GET, never watched) or the operator's default.
 *
 * <p>Clients are shared by URL and TLS setting, at most {@link #MAX_CLIENTS} of them (the least
 * recently used goes): credentials go with each gate's requests, not into the key, because every
 * JDK HttpClient holds a selector thread until it is collected, and a client per rotated token
 * would leak one per rotation.
 */
public final class PrometheusSignalSources {
  static final int MAX_CLIENTS = 16;
  private static final Logger LOG = Logger.getLogger(PrometheusSignalSources.class);

  private final KubernetesClient kubernetes;
  private final LeakGateConfig.Prometheus config;
  private final QueryTimer metrics;
  private final Map<List<Object>, PrometheusClient> clients =
      new LinkedHashMap<>(MAX_CLIENTS, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<List<Object>, PrometheusClient> eldest) {
          return size() > MAX_CLIENTS;
        }
      };

  public PrometheusSignalSources(
      KubernetesClient kubernetes, LeakGateConfig.Prometheus config, QueryTimer metrics) {
    this.kubernetes = kubernetes;
    this.config = config;
    this.metrics = metrics;
  }

  /** The gate's Prometheus is not usable as configured: no URL, a missing Secret or key. */
  public SignalSource forGate(LeakGate gate) throws SignalSource.ConfigException {
    PrometheusSpec spec = gate.getSpec().prometheus();
    String namespace = gate.getMetadata().getNamespace();
    Map<String, String> headers = new LinkedHashMap<>();
    Optional<String> ca = Optional.empty();
    boolean insecure = false;
    String url;
    if (spec != null && spec.url() != null) {
      url = spec.url();
      if (spec.bearerTokenSecretRef() != null) {
        var ref = spec.bearerTokenSecretRef();
        headers.put(
            "Authorization",
            PrometheusClient.bearer(
                secretKey(namespace, ref.name(), ref.key(), "bearerTokenSecretRef").strip()));
      } else if (spec.basicAuthSecretRef() != null) {
        String name = spec.basicAuthSecretRef().name();
        headers.put(
            "Authorization",
            PrometheusClient.basic(
                secretKey(namespace, name, "username", "basicAuthSecretRef"),
                secretKey(namespace, name, "password", "basicAuthSecretRef")));
      }
      if (spec.caSecretRef() != null) {
        var ref = spec.caSecretRef();
        ca = Optional.of(secretKey(namespace, ref.name(), ref.key(), "caSecretRef"));
      }
      insecure = Boolean.TRUE.equals(spec.insecureSkipTlsVerify());
    } else {
      url =
          config
              .url()
              .orElseThrow(
                  () ->
                      new SignalSource.ConfigException(
                          "spec.prometheus.url is not set and the operator has no default"
                              + " (leakgate.prometheus.url)"));
      if (config.caFile().isPresent()) {
        try {
          ca = Optional.of(Files.readString(config.caFile().get()));
        } catch (IOException e) {
          throw new SignalSource.ConfigException(
              "can't read leakgate.prometheus.ca-file " + config.caFile().get() + ": " + e);
        }
      }
      if (config.tokenFile().isPresent()) {
        try {
          headers.put(
              "Authorization",
              PrometheusClient.bearer(Files.readString(config.tokenFile().get()).strip()));
        } catch (IOException e) {
          throw new SignalSource.ConfigException(
              "can't read leakgate.prometheus.token-file " + config.tokenFile().get() + ": " + e);
        }
      }
    }
    PrometheusClient shared = client(url, ca, insecure);
    PrometheusClient withCredentials = shared.withHeaders(headers);
    Recorder recorder = new Recorder(withCredentials);
    return new SignalSource() {
      @Override
      public void check(Instant now) throws PrometheusException {
        logged(
            url,
            () -> {
              withCredentials.check(now);
              return null;
            });
      }

      @Override
      public Recording resolve(Recorder.Request request) throws PrometheusException {
        return logged(url, () -> recorder.record(request, note -> {}));
      }

      @Override
      public Recording record(List<Recorder.ResolvedQuery> queries, Recorder.Request request)
          throws PrometheusException {
        return logged(url, () -> recorder.recordResolved(queries, request));
      }
    };
  }

  /** The shared client for this URL and TLS setting; the TLS context is built only when new. */
  private PrometheusClient client(String url, Optional<String> ca, boolean insecure)
      throws SignalSource.ConfigException {
    List<Object> key = List.of(url, ca, insecure);
    synchronized (clients) {
      PrometheusClient cached = clients.get(key);
      if (cached != null) {
        return cached;
      }
    }
    Optional<javax.net.ssl.SSLContext> tls;
    try {
      tls = PrometheusTls.context(ca, insecure);
    } catch (PrometheusTls.BadCaException e) {
      throw new SignalSource.ConfigException("spec.prometheus.caSecretRef: " + e.getMessage());
    }
    PrometheusClient created =
        PrometheusClient.standard(URI.create(url), Map.of(), config.requestTimeout(), tls);
    synchronized (clients) {
      return clients.computeIfAbsent(key, k -> created);
    }
  }

  /** How many HTTP clients are kept: one per Prometheus URL and TLS setting in use. */
  public int clients() {
    synchronized (clients) {
      return clients.size();
    }
  }

  private <T> T logged(String url, QueryTimer.Query<T> query) throws PrometheusException {
    try {
      return metrics.timeQuery(query);
    } catch (PrometheusException e) {
      LOG.warnf("Prometheus %s failed (%s): %s", url, e.kind(), e.getMessage());
      throw e;
    }
  }

  private String secretKey(String namespace, String name, String key, String field)
      throws SignalSource.ConfigException {
    Secret secret = kubernetes.secrets().inNamespace(namespace).withName(name).get();
    String where = "spec.prometheus." + field + ": Secret " + namespace + "/" + name;
    if (secret == null) {
      throw new SignalSource.ConfigException(where + " not found");
    }
    if (secret.getData() != null && secret.getData().containsKey(key)) {
      return new String(
          Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }
    if (secret.getStringData() != null && secret.getStringData().containsKey(key)) {
      return secret.getStringData().get(key);
    }
    throw new SignalSource.ConfigException(where + " has no key " + key);
  }

  /** Times each read of Prometheus: the operator's own metrics. */
  public interface QueryTimer {
    <T> T timeQuery(Query<T> query) throws PrometheusException;

    /** One read of Prometheus. */
    interface Query<T> {
      T run() throws PrometheusException;
    }
  }
}
