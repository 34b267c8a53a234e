package dev.leakgate.operator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The operator's configuration (docs/configuration.md). Every key can be set by environment
 * variable: {@code leakgate.prometheus.url} is {@code LEAKGATE_PROMETHEUS_URL}.
 */
@ConfigMapping(prefix = "leakgate")
public interface LeakGateConfig {
  Prometheus prometheus();

  Load load();

  LeaderElection leaderElection();

  /** Several operator replicas: one leads through a Lease, the others wait to take over. */
  interface LeaderElection {
    @WithDefault("leakgate-operator")
    String leaseName();

    /** Default: the namespace the operator runs in. */
    Optional<String> leaseNamespace();

    /** How long a Lease not renewed stays its holder's: a crashed leader's standby waits this. */
    @WithDefault("15s")
    Duration leaseDuration();

    /** How long a leader keeps trying to renew before it gives up leading (and exits). */
    @WithDefault("10s")
    Duration renewDeadline();

    /**
     * How often the leader renews and a standby tries to take the Lease: after a graceful stop
     * releases it, a standby leads within about this (plus up to 1.2x of it, jitter).
     */
    @WithDefault("1s")
    Duration retryPeriod();
  }

  /** Where gates that name no Prometheus of their own read their signals. */
  interface Prometheus {
    /** The default Prometheus base URL; a gate without one ends in Error when this is unset. */
    Optional<String> url();

    /** A bearer token file sent to the default Prometheus (a projected service-account token). */
    Optional<Path> tokenFile();

    /** A PEM CA bundle to trust for the default Prometheus, when it is https. */
    Optional<Path> caFile();

    /**
     * The range query step. A gate uses at most a twentieth of its baseline window, so short
     * windows still get enough points.
     */
    @WithDefault("15s")
    Duration step();

    @WithDefault("30s")
    Duration requestTimeout();
  }

  /** The load Jobs. */
  interface Load {
    /**
     * The image run by load.http Jobs: LeakGate's own image, which has the load command. Its
     * default (application.properties) is the image the release publishes for this very build.
     */
    String image();

    /**
     * The ServiceAccount load pods run as, in the gate's namespace. They never mount its token.
     * {@code default} exists in every namespace; another must exist where gates run.
     */
    @WithDefault("default")
    String serviceAccount();

    /** Other ServiceAccounts a jobTemplate may name. Empty: only the load ServiceAccount. */
    Optional<List<String>> allowedTemplateServiceAccounts();

    /** The load container's CPU request. */
    @WithDefault("500m")
    String cpuRequest();

    /** The load container's memory request and limit. */
    @WithDefault("512Mi")
    String memory();

    /** Added to the load's duration for the Job's activeDeadlineSeconds. */
    @WithDefault("5m")
    Duration deadlineMargin();
  }
}
