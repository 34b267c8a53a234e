package dev.leakgate.operator;

import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.quarkiverse.operatorsdk.runtime.api.ConfigurationServiceCustomizer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import java.util.function.Consumer;

/** The operator's wiring: the clock its steps read, and how it writes status. */
@ApplicationScoped
public class OperatorBeans {

  @Produces
  @ApplicationScoped
  Clock clock() {
    return Clock.systemUTC();
  }

  /**
   * Status is written with a JSON merge patch rather than server-side apply: only the operator
   * writes a gate's status, so there is nothing to merge with, and merge patches work on every API
   * server (fabric8's mock server, used by the tests, has no server-side apply).
   */
  @Produces
  @ApplicationScoped
  ConfigurationServiceCustomizer mergePatchStatus() {
    return new ConfigurationServiceCustomizer() {
      @Override
      public Consumer<ConfigurationServiceOverrider> overrider() {
        return o -> o.withUseSSAToPatchPrimaryResource(false);
      }
    };
  }
}
