package dev.leakgate.load;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.RequestOptions;

/** The generator's one way of sending a request, shared by the load and its warm-up. */
final class HttpExchange {
  private HttpExchange() {}

  /**
   * One request and its answer's status, once the whole body has arrived (so the connection can be
   * reused).
   */
  static Future<Integer> send(HttpClient client, RequestOptions request, Buffer body) {
    return client
        .request(request)
        .compose(r -> r.send(body))
        .compose(response -> response.body().map(b -> response.statusCode()));
  }
}
