package dev.leakgate.pipeline;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * The cluster as kubectl finds it: the kubeconfig ({@code KUBECONFIG} or {@code ~/.kube/config}),
 * its current context or the one named, or the pod's own ServiceAccount in a cluster. Failures are
 * said as a pipeline's author needs them: which server could not be reached and why, or which
 * rights the caller lacks and how to grant them.
 */
public final class ClusterAccess {
  /** The ClusterRole the chart ships for pipelines, bound per namespace. */
  public static final String PIPELINE_ROLE = "leakgate-pipeline";

  private final Config config;

  /** Tries of one request before a wait gives up on the API server: a pipeline retries its step. */
  private static final int REQUEST_TRIES = 3;

  public ClusterAccess(Optional<String> context) {
    this.config = Config.autoConfigure(context.orElse(null));
    // fabric8's default, 10 tries with a doubling backoff, keeps a pipeline silent for minutes.
    config.setRequestRetryBackoffLimit(REQUEST_TRIES - 1);
  }

  public KubernetesClient client() {
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** The namespace asked for, else the context's, else {@code default}. */
  public String namespace(Optional<String> asked) {
    return asked.or(() -> Optional.ofNullable(config.getNamespace())).orElse("default");
  }

  /**
   * What went wrong, in words: an HTTP refusal with the rights to grant, or a server that did not
   * answer with the cause (DNS, refused, timeout, TLS).
   *
   * @param doing what was asked, such as {@code get leakgates.leakgate.dev shop/checkout-r42}
   */
  public String explain(KubernetesClientException e, String doing, String namespace) {
    int code = e.getCode();
    String server = config.getMasterUrl();
    if (code == 401) {
      return "the API server at " + server + " refused the credentials (HTTP 401) to " + doing;
    }
    if (code == 403) {
      return "forbidden to "
          + doing
          + " (HTTP 403"
          + (e.getStatus() == null ? "" : ": " + e.getStatus().getMessage())
          + "). A pipeline needs get, list and watch on leakgates.leakgate.dev in namespace "
          + namespace
          + " (create to create gates, delete for --delete-on-cancel, list on events to show"
          + " them): bind the ClusterRole "
          + PIPELINE_ROLE
          + " with a RoleBinding in "
          + namespace;
    }
    if (code > 0) {
      return "the API server at "
          + server
          + " answered HTTP "
          + code
          + " to "
          + doing
          + (e.getStatus() == null ? "" : ": " + e.getStatus().getMessage());
    }
    return "could not reach the API server at " + server + " to " + doing + ": " + cause(e);
  }

  /** The first cause that names what happened to the connection. */
  static String cause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UnknownHostException) {
        return "no such host (DNS): " + t.getMessage();
      }
      if (t instanceof ConnectException) {
        return "connection refused";
      }
      if (t instanceof HttpTimeoutException || t instanceof java.net.SocketTimeoutException) {
        return "no answer in time";
      }
      if (t instanceof SSLException) {
        return "TLS failed: " + t.getMessage();
      }
    }
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
