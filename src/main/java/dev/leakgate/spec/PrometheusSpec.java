package dev.leakgate.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

/** Where signals come from when not scraped by LeakGate itself. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PrometheusSpec(
    @Pattern("^https?://.+")
        @JsonPropertyDescription(
            "Prometheus (or compatible: Thanos, Mimir, VictoriaMetrics) base URL, e.g."
                + " http://prometheus-operated.monitoring:9090.")
        String url,
    @JsonPropertyDescription(
            "Operator: a Secret key in the gate's namespace holding a bearer token sent to"
                + " Prometheus.")
        SecretKeyRef bearerTokenSecretRef,
    @JsonPropertyDescription(
            "Operator: a Secret in the gate's namespace with keys username and password for"
                + " basic auth.")
        SecretRef basicAuthSecretRef,
    @JsonPropertyDescription(
            "Operator: a Secret key in the gate's namespace holding the PEM CA bundle to trust for"
                + " an https url (instead of the JDK's CAs).")
        SecretKeyRef caSecretRef,
    @JsonPropertyDescription(
            "Trust any certificate of an https url. Only for tests: it lets anyone in between read"
                + " the signals and the token.")
        Boolean insecureSkipTlsVerify) {

  /** One key of a Secret in the gate's namespace. */
  public record SecretKeyRef(
      @io.fabric8.generator.annotation.Required @JsonPropertyDescription("The Secret's name.")
          String name,
      @io.fabric8.generator.annotation.Required
          @JsonPropertyDescription("The key in the Secret's data.")
          String key) {}

  /** A Secret in the gate's namespace. */
  public record SecretRef(
      @io.fabric8.generator.annotation.Required @JsonPropertyDescription("The Secret's name.")
          String name) {}
}
