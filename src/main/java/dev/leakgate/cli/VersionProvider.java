package dev.leakgate.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest (the Maven project version). */
public class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = VersionProvider.class.getPackage().getImplementationVersion();
    return new String[] {"leakgate " + (version == null ? "(development build)" : version)};
  }
}
