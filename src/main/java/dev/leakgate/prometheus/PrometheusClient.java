package dev.leakgate.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import javax.net.ssl.SSLContext;

/**
 * The Prometheus HTTP API (any PromQL-compatible store), through the JDK's HttpClient: range
 * queries chunked under Prometheus' 11,000-points-per-series limit, retries with backoff on
 * connection errors, 429, 5xx and partial answers, and every failure classified with the query that
 * failed.
 */
public final class PrometheusClient {
  /** Prometheus refuses range queries of more points per series than this. */
  static final int MAX_POINTS = 11_000;

  private static final int CHECK_TRIES = 3;
  private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(5);

  private final URI base;
  private final Map<String, String> headers;
  private final Semaphore inFlight;
  private final Duration requestTimeout;
  private final int attempts;
  private final Duration firstBackoff;
  private final HttpClient http;
  private final ObjectMapper mapper = new ObjectMapper();

  /**
   * A client with LeakGate's settings, the same for the operator, {@code run} and {@code record}:
   * connect within 5 s, 3 tries per request with backoff from 250 ms on connection errors, 429 and
   * 5xx, and at most 4 requests in flight, so a gate never floods its metrics backend.
   */
  public static PrometheusClient standard(
      URI base, Map<String, String> headers, Duration requestTimeout, Optional<SSLContext> tls) {
    return new PrometheusClient(
        base, headers, Duration.ofSeconds(5), requestTimeout, 3, Duration.ofMillis(250), 4, tls);
  }

  /**
   * @param headers sent with every request: Authorization (see {@link #bearer}, {@link #basic}) and
   *     any the user adds
   * @param attempts tries per request, at least 1
   * @param maxInFlight requests under way at once, so a gate never floods its metrics backend
   * @param tls how to trust an https Prometheus (see {@link PrometheusTls}); empty: the JDK's CAs
   */
  public PrometheusClient(
      URI base,
      Map<String, String> headers,
      Duration connectTimeout,
      Duration requestTimeout,
      int attempts,
      Duration firstBackoff,
      int maxInFlight,
      Optional<SSLContext> tls) {
    this(
        base.toString().endsWith("/") ? base : URI.create(base + "/"),
        Map.copyOf(headers),
        new Semaphore(Math.max(1, maxInFlight)),
        requestTimeout,
        Math.max(1, attempts),
        firstBackoff,
        http(connectTimeout, tls));
  }

  private PrometheusClient(
      URI base,
      Map<String, String> headers,
      Semaphore inFlight,
      Duration requestTimeout,
      int attempts,
      Duration firstBackoff,
      HttpClient http) {
    this.base = base;
    this.headers = headers;
    this.inFlight = inFlight;
    this.requestTimeout = requestTimeout;
    this.attempts = attempts;
    this.firstBackoff = firstBackoff;
    this.http = http;
  }

  private static HttpClient http(Duration connectTimeout, Optional<SSLContext> tls) {
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(connectTimeout);
    tls.ifPresent(builder::sslContext);
    return builder.build();
  }

  /**
   * This client with other headers (rotated credentials, say), sharing its connections and its
   * in-flight cap. Each JDK HttpClient keeps a selector thread until it is collected, so a client
   * per credential would leak one thread per rotation.
   */
  public PrometheusClient withHeaders(Map<String, String> headers) {
    return new PrometheusClient(
        base, Map.copyOf(headers), inFlight, requestTimeout, attempts, firstBackoff, http);
  }

  /**
   * The {@code data} of a {@code query_range} answer (a matrix), in as many requests as the points
   * limit needs, with each series' values joined in time order.
   */
  public ObjectNode queryRange(String query, Instant start, Instant end, Duration step)
      throws PrometheusException {
    long stepSeconds = Math.max(1, step.toSeconds());
    long chunk = stepSeconds * (MAX_POINTS - 1);
    Map<JsonNode, ArrayNode> series = new LinkedHashMap<>();
    for (long from = start.getEpochSecond();
        from <= end.getEpochSecond();
        from += chunk + stepSeconds) {
      long to = Math.min(end.getEpochSecond(), from + chunk);
      JsonNode data =
          get(
              "api/v1/query_range",
              query,
              Map.of(
                  "start", Long.toString(from),
                  "end", Long.toString(to),
                  "step", Long.toString(stepSeconds)));
      requireMatrix(data, query, "query_range");
      for (JsonNode s : data.path("result")) {
        series
            .computeIfAbsent(s.path("metric"), m -> mapper.createArrayNode())
            .addAll((ArrayNode) s.path("values"));
      }
    }
    return matrix(series);
  }

  /**
   * The raw samples of a series selector from {@code start} to {@code end}, as scraped: read as
   * {@code selector[window]} instant queries of at most {@code window} each, so nothing is
   * resampled to a step and nothing is filled in by Prometheus' lookback (a {@code query_range}
   * repeats a series' last value for up to 5 minutes, so it hides a Prometheus outage; raw samples
   * show it as the hole it was). Answers a matrix like {@link #queryRange}, each series' samples in
   * time order and each once.
   */
  public ObjectNode rawSamples(String selector, Instant start, Instant end, Duration window)
      throws PrometheusException {
    long windowSeconds = Math.max(1, window.toSeconds());
    Map<JsonNode, ArrayNode> series = new LinkedHashMap<>();
    for (long from = start.getEpochSecond(); from < end.getEpochSecond(); from += windowSeconds) {
      long to = Math.min(end.getEpochSecond(), from + windowSeconds);
      String query = selector + "[" + (to - from) + "s]";
      JsonNode data = get("api/v1/query", query, Map.of("time", Long.toString(to)));
      requireMatrix(data, query, "a range selector");
      for (JsonNode s : data.path("result")) {
        ArrayNode values = series.computeIfAbsent(s.path("metric"), m -> mapper.createArrayNode());
        for (JsonNode sample : s.path("values")) {
          // Windows meet at their ends, which Prometheus 2 includes on both sides.
          if (values.isEmpty()
              || sample.path(0).asDouble() > values.get(values.size() - 1).path(0).asDouble()) {
            values.add(sample);
          }
        }
      }
    }
    return matrix(series);
  }

  private static void requireMatrix(JsonNode data, String query, String asked)
      throws PrometheusException {
    if (!"matrix".equals(data.path("resultType").asText())) {
      throw new PrometheusException(
          PrometheusException.Kind.BAD_RESPONSE, query, asked + " did not answer a matrix");
    }
  }

  /** A {@code matrix} answer holding these series (labels to samples), in their order. */
  static ObjectNode matrix(Map<JsonNode, ArrayNode> series) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("resultType", "matrix");
    ArrayNode result = out.putArray("result");
    series.forEach(
        (metric, values) -> {
          ObjectNode s = result.addObject();
          s.set("metric", metric);
          s.set("values", values);
        });
    return out;
  }

  /** The {@code data} of an instant query. */
  public JsonNode query(String query, Instant time) throws PrometheusException {
    return get("api/v1/query", query, Map.of("time", Long.toString(time.getEpochSecond())));
  }

  /**
   * Whether Prometheus answers at all, with this client's credentials: at most {@value
   * #CHECK_TRIES} tries of at most {@link #CHECK_TIMEOUT} each, so a wrong URL, a dead server or a
   * refused token is named within about 15 s instead of when the first real query runs.
   *
   * @throws PrometheusException naming the URL and what went wrong
   */
  public void check(Instant now) throws PrometheusException {
    Duration timeout = requestTimeout.compareTo(CHECK_TIMEOUT) < 0 ? requestTimeout : CHECK_TIMEOUT;
    try {
      get(
          "api/v1/query",
          "vector(1)",
          Map.of("time", Long.toString(now.getEpochSecond())),
          timeout,
          CHECK_TRIES);
    } catch (PrometheusException e) {
      if (e.kind() == PrometheusException.Kind.UNREACHABLE) {
        throw e; // already names the URL
      }
      throw new PrometheusException(
          e.kind(), e.query(), base + " refused a test query: " + e.detail());
    }
  }

  private JsonNode get(String path, String query, Map<String, String> params)
      throws PrometheusException {
    return get(path, query, params, requestTimeout, attempts);
  }

  private JsonNode get(
      String path, String query, Map<String, String> params, Duration timeout, int tries)
      throws PrometheusException {
    StringBuilder uri = new StringBuilder(base.toString()).append(path).append("?query=");
    uri.append(URLEncoder.encode(query, StandardCharsets.UTF_8));
    params.forEach(
        (k, v) ->
            uri.append('&')
                .append(k)
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(uri.toString())).timeout(timeout).GET();
    headers.forEach(request::header);
    Duration backoff = firstBackoff;
    PrometheusException last = null;
    for (int attempt = 1; attempt <= tries; attempt++) {
      try {
        HttpResponse<String> response;
        inFlight.acquire();
        try {
          response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } finally {
          inFlight.release();
        }
        int status = response.statusCode();
        if (status == 429 || status >= 500) {
          last = httpError(query, status, response.body());
        } else {
          try {
            return parse(query, status, response.body());
          } catch (PrometheusException e) {
            if (e.kind() != PrometheusException.Kind.PARTIAL_DATA) {
              throw e;
            }
            last = e;
          }
        }
      } catch (IOException e) {
        last =
            new PrometheusException(
                PrometheusException.Kind.UNREACHABLE,
                query,
                base
                    + " did not answer: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new PrometheusException(PrometheusException.Kind.UNREACHABLE, query, "interrupted");
      }
      if (attempt < tries) {
        sleep(backoff);
        backoff = backoff.multipliedBy(2);
      }
    }
    throw last;
  }

  /** The Authorization header value for a bearer token. */
  public static String bearer(String token) {
    return "Bearer " + token.strip();
  }

  /** The Authorization header value for HTTP basic authentication. */
  public static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private JsonNode parse(String query, int status, String body) throws PrometheusException {
    JsonNode json;
    try {
      json = mapper.readTree(body);
    } catch (IOException e) {
      if (status >= 400) {
        throw httpError(query, status, body);
      }
      throw new PrometheusException(
          PrometheusException.Kind.BAD_RESPONSE, query, "the answer is not JSON");
    }
    if ("success".equals(json.path("status").asText()) && status < 300) {
      JsonNode warnings = json.path("warnings");
      if (warnings.isArray() && !warnings.isEmpty()) {
        List<String> texts = new ArrayList<>();
        warnings.forEach(w -> texts.add(w.asText()));
        throw new PrometheusException(
            PrometheusException.Kind.PARTIAL_DATA,
            query,
            "the answer may be incomplete: " + String.join("; ", texts));
      }
      return json.path("data");
    }
    String errorType = json.path("errorType").asText("");
    String error = json.path("error").asText(body);
    if (status == 400
        || status == 422
        || "bad_data".equals(errorType)
        || "execution".equals(errorType)) {
      throw new PrometheusException(PrometheusException.Kind.BAD_QUERY, query, error);
    }
    throw new PrometheusException(
        PrometheusException.Kind.HTTP_ERROR, query, "HTTP " + status + ": " + error);
  }

  private static PrometheusException httpError(String query, int status, String body) {
    String message = body == null ? "" : body.strip();
    if (message.length() > 300) {
      message = message.substring(0, 300) + "...";
    }
    return new PrometheusException(
        PrometheusException.Kind.HTTP_ERROR,
        query,
        "HTTP " + status + (message.isEmpty() ? "" : ": " + message));
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
