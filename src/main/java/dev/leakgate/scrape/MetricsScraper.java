package dev.leakgate.scrape;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** Fetches and parses one target's {@code /metrics} page. */
public final class MetricsScraper {
  private final HttpClient http;
  private final URI url;
  private final Duration timeout;
  private final TextFormatParser parser = new TextFormatParser();

  public MetricsScraper(HttpClient http, URI url, Duration timeout) {
    this.http = http;
    this.url = url;
    this.timeout = timeout;
  }

  /** Why a scrape produced no samples: the same words Prometheus uses for a down target. */
  public static final class ScrapeException extends Exception {
    public ScrapeException(String message) {
      super(message);
    }
  }

  public List<Sample> scrape() throws ScrapeException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(timeout)
            .header("Accept", "text/plain;version=0.0.4")
            .GET()
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new ScrapeException(url + ": " + describe(e));
    }
    if (response.statusCode() != 200) {
      throw new ScrapeException(url + ": HTTP " + response.statusCode());
    }
    try {
      return parser.parse(response.body()).samples();
    } catch (TextFormatException e) {
      throw new ScrapeException(url + ": not Prometheus text format: " + e.getMessage());
    }
  }

  private static String describe(IOException e) {
    if (e instanceof java.net.ConnectException) {
      return "connection refused";
    }
    if (e instanceof java.net.http.HttpTimeoutException) {
      return "timed out";
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }
}
