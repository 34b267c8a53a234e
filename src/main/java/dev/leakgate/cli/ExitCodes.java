package dev.leakgate.cli;

/**
 * Exit codes shared by every command that ends in a verdict, so a pipeline can branch on them:
 * picocli's own 1 and 2 for usage errors would collide with "failed" and "inconclusive".
 */
public final class ExitCodes {
  public static final int PASSED = 0;
  public static final int FAILED = 1;
  public static final int INCONCLUSIVE = 2;

  /** Bad arguments, an invalid input or spec, or an internal error. */
  public static final int ERROR = 3;

  /** {@code wait}: the timeout passed before the gate ended; the gate goes on. */
  public static final int TIMED_OUT = 4;

  private ExitCodes() {}
}
