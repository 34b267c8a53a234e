package dev.leakgate.prometheus;

/** A Prometheus call that failed, classified, with the query that failed. */
public final class PrometheusException extends Exception {
  /** What went wrong; none of these can ever become a pass. */
  public enum Kind {
    /** No connection, or no answer within the timeout, after every retry. */
    UNREACHABLE,
    /** An HTTP error status, with Prometheus' own message when it sent one. */
    HTTP_ERROR,
    /** Prometheus refused the PromQL (bad_data, or an execution error). */
    BAD_QUERY,
    /** The query ran but matched no series. */
    EMPTY_RESULT,
    /** The answer was not the JSON Prometheus' API documents. */
    BAD_RESPONSE,
    /**
     * The query ran but the store warned that its answer may be incomplete (Thanos' or Mimir's
     * partial response: a store or ingester did not answer). A gate can't vouch for data it did not
     * see, so this is never judged; it is retried like an overload.
     */
    PARTIAL_DATA
  }

  private final Kind kind;
  private final String query;

  public PrometheusException(Kind kind, String query, String message) {
    super(message);
    this.kind = kind;
    this.query = query;
  }

  public Kind kind() {
    return kind;
  }

  public String query() {
    return query;
  }

  /** What went wrong, without the kind and the query. */
  public String detail() {
    return super.getMessage();
  }

  @Override
  public String getMessage() {
    return kind + ": " + super.getMessage() + " (query: " + query + ")";
  }
}
