package dev.leakgate.scrape;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Parses the Prometheus text exposition format (version 0.0.4): {@code # HELP} and {@code # TYPE}
 * lines, samples with optional labels and timestamp, escaped label values, NaN and infinities.
 * Histograms and summaries are plain samples here ({@code _bucket} with {@code le}, {@code _sum},
 * {@code _count}), as Prometheus stores them. Neither simpleclient nor its successor ships a
 * parser, only writers.
 */
public final class TextFormatParser {

  /** A parsed page: its samples in order, and the declared type of each metric family. */
  public record Page(List<Sample> samples, Map<String, String> types) {
    public Page {
      samples = List.copyOf(samples);
      types = Map.copyOf(types);
    }
  }

  public Page parse(String text) throws TextFormatException {
    List<Sample> samples = new ArrayList<>();
    Map<String, String> types = new HashMap<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line =
          lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
      int number = i + 1;
      if (line.isBlank()) {
        continue;
      }
      if (line.stripLeading().startsWith("#")) {
        comment(line.stripLeading(), number, types);
        continue;
      }
      samples.add(new LineReader(line, number).sample());
    }
    return new Page(samples, types);
  }

  private static void comment(String line, int number, Map<String, String> types)
      throws TextFormatException {
    String[] parts = line.substring(1).trim().split("[ \t]+", 3);
    if (parts.length >= 1 && parts[0].equals("TYPE")) {
      if (parts.length < 3) {
        throw new TextFormatException(number, "# TYPE needs a metric name and a type");
      }
      String type = parts[2].trim();
      if (!List.of("counter", "gauge", "histogram", "summary", "untyped").contains(type)) {
        throw new TextFormatException(number, "unknown metric type '" + type + "'");
      }
      if (types.put(parts[1], type) != null) {
        throw new TextFormatException(number, "second # TYPE line for " + parts[1]);
      }
    }
    // # HELP and other comments carry nothing the gate uses.
  }

  /** Reads one sample line left to right. */
  private static final class LineReader {
    private final String line;
    private final int number;
    private int pos;

    LineReader(String line, int number) {
      this.line = line;
      this.number = number;
    }

    Sample sample() throws TextFormatException {
      skipBlanks();
      String name = name(true);
      Map<String, String> labels = Map.of();
      skipBlanks();
      if (pos < line.length() && line.charAt(pos) == '{') {
        labels = labels();
      }
      skipBlanks();
      String valueText = token();
      if (valueText.isEmpty()) {
        throw error("sample of " + name + " has no value");
      }
      double value = value(valueText);
      skipBlanks();
      OptionalLong timestamp = OptionalLong.empty();
      String ts = token();
      if (!ts.isEmpty()) {
        try {
          timestamp = OptionalLong.of(Long.parseLong(ts));
        } catch (NumberFormatException e) {
          throw error("timestamp '" + ts + "' is not an integer of milliseconds");
        }
      }
      skipBlanks();
      if (pos < line.length()) {
        throw error("unexpected text after the sample: '" + line.substring(pos) + "'");
      }
      return new Sample(name, labels, value, timestamp);
    }

    private Map<String, String> labels() throws TextFormatException {
      Map<String, String> labels = new HashMap<>();
      pos++; // '{'
      while (true) {
        skipBlanks();
        if (peek() == '}') {
          pos++;
          return labels;
        }
        String label = name(false);
        skipBlanks();
        expect('=');
        skipBlanks();
        String value = quoted();
        if (labels.put(label, value) != null) {
          throw error("label " + label + " appears twice");
        }
        skipBlanks();
        char c = peek();
        if (c == ',') {
          pos++;
        } else if (c != '}') {
          throw error("expected ',' or '}' after label " + label);
        }
      }
    }

    private String quoted() throws TextFormatException {
      expect('"');
      StringBuilder out = new StringBuilder();
      while (pos < line.length()) {
        char c = line.charAt(pos++);
        if (c == '"') {
          return out.toString();
        }
        if (c == '\\') {
          if (pos >= line.length()) {
            break;
          }
          char e = line.charAt(pos++);
          switch (e) {
            case '\\' -> out.append('\\');
            case '"' -> out.append('"');
            case 'n' -> out.append('\n');
            default -> throw error("unknown escape \\" + e + " in a label value");
          }
        } else {
          out.append(c);
        }
      }
      throw error("label value is not closed by '\"'");
    }

    private String name(boolean metric) throws TextFormatException {
      int start = pos;
      while (pos < line.length()) {
        char c = line.charAt(pos);
        boolean ok =
            Character.isLetter(c) && c < 128
                || c == '_'
                || (metric && c == ':')
                || (pos > start && c >= '0' && c <= '9');
        if (!ok) {
          break;
        }
        pos++;
      }
      if (pos == start) {
        throw error("expected a " + (metric ? "metric" : "label") + " name");
      }
      return line.substring(start, pos);
    }

    private double value(String text) throws TextFormatException {
      return switch (text) {
        case "NaN" -> Double.NaN;
        case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
        case "-Inf" -> Double.NEGATIVE_INFINITY;
        default -> parseNumber(text);
      };
    }

    private double parseNumber(String text) throws TextFormatException {
      try {
        // Java also reads "Infinity", hex floats and a trailing 'd'; the format has none of them.
        if (!text.matches("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?")) {
          throw new NumberFormatException();
        }
        return Double.parseDouble(text);
      } catch (NumberFormatException e) {
        throw error("value '" + text + "' is not a number");
      }
    }

    private String token() {
      int start = pos;
      while (pos < line.length() && line.charAt(pos) != ' ' && line.charAt(pos) != '\t') {
        pos++;
      }
      return line.substring(start, pos);
    }

    private void skipBlanks() {
      while (pos < line.length() && (line.charAt(pos) == ' ' || line.charAt(pos) == '\t')) {
        pos++;
      }
    }

    private char peek() throws TextFormatException {
      if (pos >= line.length()) {
        throw error("line ends inside the label set");
      }
      return line.charAt(pos);
    }

    private void expect(char c) throws TextFormatException {
      if (peek() != c) {
        throw error("expected '" + c + "' at column " + (pos + 1));
      }
      pos++;
    }

    private TextFormatException error(String message) {
      return new TextFormatException(number, message);
    }
  }
}
