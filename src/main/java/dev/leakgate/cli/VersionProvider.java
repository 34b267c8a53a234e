package dev.leakgate.cli;

import org.eclipse.microprofile.config.ConfigProvider;
import picocli.CommandLine.IVersionProvider;

/**
 * The version from the jar's manifest (the Maven project version), and the image that carries it:
 * the one the release publishes, which the chart and the load Jobs run by default.
 */
public class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = VersionProvider.class.getPackage().getImplementationVersion();
    String image =
        ConfigProvider.getConfig()
            .getOptionalValue("leakgate.load.image", String.class)
            .orElse("(unknown)");
    return new String[] {
      "leakgate " + (version == null ? "(development build)" : version), "image " + image
    };
  }
}
