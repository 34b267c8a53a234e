package dev.leakgate.testing;

import dev.leakgate.operator.config.LeakGateConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The operator's load Job settings with its defaults, for tests that build load Jobs. */
public final class LoadConfigs {
  private LoadConfigs() {}

  /**
   * @param allowedAccounts other ServiceAccounts a jobTemplate may name
   */
  public static LeakGateConfig.Load of(
      String image, String serviceAccount, String... allowedAccounts) {
    return new LeakGateConfig.Load() {
      @Override
      public String image() {
        return image;
      }

      @Override
      public String serviceAccount() {
        return serviceAccount;
      }

      @Override
      public Optional<List<String>> allowedTemplateServiceAccounts() {
        return allowedAccounts.length == 0
            ? Optional.empty()
            : Optional.of(List.of(allowedAccounts));
      }

      @Override
      public String cpuRequest() {
        return "500m";
      }

      @Override
      public String memory() {
        return "512Mi";
      }

      @Override
      public Duration deadlineMargin() {
        return Duration.ofMinutes(5);
      }
    };
  }
}
