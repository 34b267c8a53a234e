package dev.leakgate.load;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Warms the generator's own HTTP code before a load, against a throwaway server inside this JVM on
 * loopback, never the target. A fresh JVM runs its first requests in the interpreter and falls
 * hundreds of milliseconds behind an open-model schedule, dropping arrivals in the first second;
 * warming up on the target instead would send it load the user did not ask for.
 */
final class ClientWarmUp {
  private static final int CONNECTIONS = 16;

  private ClientWarmUp() {}

  /** Runs requests shaped like the plan's (method, headers, body) for {@code length}. */
  static void run(Vertx vertx, LoadPlan plan, Duration length) throws InterruptedException {
    HttpServer server = vertx.createHttpServer();
    server.requestHandler(r -> r.body().onComplete(b -> r.response().end("ok")));
    int port;
    try {
      port =
          server
              .listen(0, "127.0.0.1")
              .toCompletionStage()
              .toCompletableFuture()
              .get()
              .actualPort();
    } catch (ExecutionException e) {
      // A JVM that can't listen on loopback can still run the load, only colder.
      return;
    }
    HttpClient client =
        vertx.createHttpClient(
            new HttpClientOptions().setKeepAlive(true),
            new PoolOptions().setHttp1MaxSize(CONNECTIONS));
    RequestOptions request =
        new RequestOptions()
            .setMethod(HttpMethod.valueOf(plan.method()))
            .setHost("127.0.0.1")
            .setPort(port)
            .setURI(plan.url().getRawPath().isEmpty() ? "/" : plan.url().getRawPath());
    plan.headers().forEach(h -> request.addHeader(h.name(), h.value()));
    Buffer body = Buffer.buffer(plan.body());
    long end = System.nanoTime() + length.toNanos();
    CountDownLatch done = new CountDownLatch(CONNECTIONS);
    // Counted into statistics that are thrown away: their code is on the load's path too.
    LoadStats scratch = new LoadStats();
    for (int k = 0; k < CONNECTIONS; k++) {
      vertx.runOnContext(v -> loop(client, request, body, end, done, scratch));
    }
    done.await(length.toMillis() + 5_000, TimeUnit.MILLISECONDS);
    client.close();
    server.close();
  }

  private static void loop(
      HttpClient client,
      RequestOptions request,
      Buffer body,
      long end,
      CountDownLatch done,
      LoadStats scratch) {
    long sent = System.nanoTime();
    if (sent - end >= 0) {
      done.countDown();
      return;
    }
    scratch.sent(true);
    HttpExchange.send(client, request, body)
        .onComplete(
            r -> {
              scratch.ended(r, System.nanoTime() - sent);
              loop(client, request, body, end, done, scratch);
            });
  }
}
