package dev.leakgate.spec;

/** A spec field that can't be used, named by its path ({@code spec.load.http.rate}). */
public final class InvalidSpecException extends Exception {
  private final String field;

  public InvalidSpecException(String field, String message) {
    super(message);
    this.field = field;
  }

  public String field() {
    return field;
  }

  /** "spec.x.y: message", the form every command prints. */
  public String describe() {
    return field + ": " + getMessage();
  }
}
