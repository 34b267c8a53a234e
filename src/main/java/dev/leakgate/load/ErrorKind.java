package dev.leakgate.load;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

/** Why a request did not succeed; the ids appear in the summary. */
public enum ErrorKind {
  HTTP_4XX("http-4xx"),
  HTTP_5XX("http-5xx"),
  TIMEOUT("timeout"),
  CONNECT("connect"),
  IO("io");

  private final String id;

  ErrorKind(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  static ErrorKind ofStatus(int status) {
    return status >= 500 ? HTTP_5XX : HTTP_4XX;
  }

  /**
   * Vert.x reports a refused or timed-out connect as a {@link ConnectException} (Netty's
   * subclasses), and a request past its timeout as a {@link TimeoutException}; either may come
   * wrapped.
   */
  static ErrorKind of(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ConnectException) {
        return CONNECT;
      }
      if (t instanceof TimeoutException) {
        return TIMEOUT;
      }
    }
    return IO;
  }
}
