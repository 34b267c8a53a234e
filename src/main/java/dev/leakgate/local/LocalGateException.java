package dev.leakgate.local;

/** A local gate that could not run: the target can't be scraped, or exports none of its signals. */
public final class LocalGateException extends Exception {
  public LocalGateException(String message) {
    super(message);
  }
}
