package dev.leakgate.prometheus;

import java.util.regex.Pattern;

/**
 * A PromQL label matcher ({@code pool=~".*Old.*"}) that can also be applied to a scraped sample's
 * labels. A missing label matches as the empty string, as in PromQL; regexes are anchored at both
 * ends, as in PromQL.
 */
public record LabelMatcher(String label, Op op, String value) {

  /** The four PromQL matcher operators. */
  public enum Op {
    EQUAL("="),
    NOT_EQUAL("!="),
    REGEX("=~"),
    NOT_REGEX("!~");

    private final String symbol;

    Op(String symbol) {
      this.symbol = symbol;
    }
  }

  public static LabelMatcher equal(String label, String value) {
    return new LabelMatcher(label, Op.EQUAL, value);
  }

  public static LabelMatcher notEqual(String label, String value) {
    return new LabelMatcher(label, Op.NOT_EQUAL, value);
  }

  public static LabelMatcher regex(String label, String value) {
    return new LabelMatcher(label, Op.REGEX, value);
  }

  public String promQl() {
    return label + op.symbol + "\"" + PromQl.quote(value) + "\"";
  }

  /** Whether a label value (null when the label is absent) satisfies this matcher. */
  public boolean matches(String actual) {
    String v = actual == null ? "" : actual;
    return switch (op) {
      case EQUAL -> v.equals(value);
      case NOT_EQUAL -> !v.equals(value);
      case REGEX -> anchored().matcher(v).matches();
      case NOT_REGEX -> !anchored().matcher(v).matches();
    };
  }

  private Pattern anchored() {
    return Pattern.compile("(?:" + value + ")");
  }
}
