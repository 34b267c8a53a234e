package dev.leakgate.scrape;

/** A line of a /metrics page that is not valid Prometheus text format. */
public final class TextFormatException extends Exception {
  private final int line;

  public TextFormatException(int line, String message) {
    super("line " + line + ": " + message);
    this.line = line;
  }

  public int line() {
    return line;
  }
}
