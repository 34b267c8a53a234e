package dev.leakgate.analysis;

/** The outcome of one signal on one pod (or of a signal over all its pods). */
public enum SignalResult {
  RECOVERED("Recovered"),
  /** A gating signal that did not come back: fails the gate. */
  LEAK("Leak"),
  /** A non-gating signal that did not come back, or a pod that is reported but not judged. */
  WARN("Warn"),
  INCONCLUSIVE("Inconclusive");

  private final String label;

  SignalResult(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** Orders results for aggregation over pods: a leak outweighs doubt, doubt outweighs a pass. */
  int severity() {
    return switch (this) {
      case RECOVERED -> 0;
      case WARN -> 1;
      case INCONCLUSIVE -> 2;
      case LEAK -> 3;
    };
  }
}
