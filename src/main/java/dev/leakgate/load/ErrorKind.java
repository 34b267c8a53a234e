package dev.leakgate.load;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletionException;
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

  static ErrorKind of(Throwable failure) {
    Throwable t = failure;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    // A connect timeout is a timeout subclass, but it says the target is unreachable.
    if (t instanceof HttpConnectTimeoutException || t instanceof ConnectException) {
      return CONNECT;
    }
    if (t instanceof HttpTimeoutException || t instanceof TimeoutException) {
      return TIMEOUT;
    }
    if (t instanceof IOException && t.getCause() instanceof ConnectException) {
      return CONNECT;
    }
    return IO;
  }
}
