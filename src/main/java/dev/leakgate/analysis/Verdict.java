package dev.leakgate.analysis;

/**
 * The gate's outcome. Only {@link #PASSED} lets a release through (or Inconclusive, if allowed).
 */
public enum Verdict {
  PASSED("Passed"),
  FAILED("Failed"),
  INCONCLUSIVE("Inconclusive");

  private final String label;

  Verdict(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
