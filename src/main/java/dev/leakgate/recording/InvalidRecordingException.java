package dev.leakgate.recording;

/** A recording that cannot be judged, with the JSON path of the field at fault. */
public final class InvalidRecordingException extends Exception {
  private final String field;

  public InvalidRecordingException(String field, String message) {
    super(message);
    this.field = field;
  }

  /** JSON path of the offending field, e.g. {@code signals[1].kind}; {@code $} for the file. */
  public String field() {
    return field;
  }
}
