package dev.leakgate.prometheus;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Splicing values into PromQL safely: a pod name or namespace can never change a query's meaning.
 */
public final class PromQl {
  private static final String RE2_META = "\\.+*?()|[]{}^$";

  private PromQl() {}

  /** The body of a double-quoted PromQL string literal holding {@code value}. */
  public static String quote(String value) {
    StringBuilder out = new StringBuilder();
    for (char c : value.toCharArray()) {
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '"' -> out.append("\\\"");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** An RE2 regex matching exactly these names (Prometheus anchors label regexes itself). */
  public static String exactly(List<String> names) {
    return names.stream().map(PromQl::escapeRegex).collect(Collectors.joining("|"));
  }

  static String escapeRegex(String literal) {
    StringBuilder out = new StringBuilder();
    for (char c : literal.toCharArray()) {
      if (RE2_META.indexOf(c) >= 0) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }

  /**
   * Fills a template's {@code $namespace} and {@code $pods} with the namespace and a regex of
   * exactly the given pods, both escaped for a double-quoted string literal.
   */
  public static String fill(String template, String namespace, List<String> pods) {
    return template.replace("$namespace", quote(namespace)).replace("$pods", quote(exactly(pods)));
  }
}
