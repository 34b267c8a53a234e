package dev.leakgate.testing;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/** Waiting for a server the tests started. */
public final class Http {
  private Http() {}

  /**
   * Asks until the request is answered with 200, for at most {@code limit}; {@code stillStarting}
   * runs between tries and throws when the server's process died (no point waiting on).
   *
   * @return whether it answered 200 in time
   */
  public static boolean awaitOk(
      HttpClient http, HttpRequest request, Duration limit, Runnable stillStarting)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(limit);
    while (Instant.now().isBefore(deadline)) {
      try {
        if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return true;
        }
      } catch (IOException e) {
        // not listening yet
      }
      stillStarting.run();
      Thread.sleep(200);
    }
    return false;
  }
}
