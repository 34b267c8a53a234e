package dev.leakgate.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Evaluates a schema's {@code x-kubernetes-validations} the way the API server would, with Google's
 * CEL for Java: each rule at the node it sits on, {@code self} bound to the object's value there,
 * and transition rules ({@code oldSelf}) only on updates.
 */
final class CelRules {
  private static final Cel CEL =
      CelFactory.standardCelBuilder()
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addVar("self", SimpleType.DYN)
          .addVar("oldSelf", SimpleType.DYN)
          .build();
  private static final ObjectMapper JSON = new ObjectMapper();

  private CelRules() {}

  /** The messages of every rule the object breaks; empty when it passes them all. */
  static List<String> violations(JsonNode schema, JsonNode object, Optional<JsonNode> old)
      throws Exception {
    List<String> out = new ArrayList<>();
    walk(schema, object, old, "", out);
    return out;
  }

  /** Every rule in the schema, with the path of the node it sits on. */
  static Map<String, String> rules(JsonNode schema) {
    Map<String, String> rules = new HashMap<>();
    collect(schema, "", rules);
    return rules;
  }

  private static void collect(JsonNode schema, String path, Map<String, String> rules) {
    for (JsonNode rule : schema.path("x-kubernetes-validations")) {
      rules.put(rule.path("rule").asText(), path);
    }
    var properties = schema.path("properties").fields();
    while (properties.hasNext()) {
      var p = properties.next();
      collect(p.getValue(), path + "." + p.getKey(), rules);
    }
    if (schema.has("items")) {
      collect(schema.get("items"), path, rules);
    }
  }

  private static void walk(
      JsonNode schema, JsonNode value, Optional<JsonNode> old, String path, List<String> out)
      throws Exception {
    if (value.isArray() && schema.has("items")) {
      // Array items have no old value to compare with (the API server correlates only map lists).
      for (JsonNode item : value) {
        walk(schema.get("items"), item, Optional.empty(), path, out);
      }
      return;
    }
    for (JsonNode rule : schema.path("x-kubernetes-validations")) {
      String expression = rule.path("rule").asText();
      boolean transition = expression.contains("oldSelf");
      if (transition && old.isEmpty()) {
        continue;
      }
      CelAbstractSyntaxTree ast = CEL.compile(expression).getAst();
      Map<String, Object> vars = new HashMap<>();
      vars.put("self", toCel(value));
      old.ifPresent(o -> vars.put("oldSelf", toCel(o)));
      Object result = CEL.createProgram(ast).eval(vars);
      if (!Boolean.TRUE.equals(result)) {
        out.add((path.isEmpty() ? "<root>" : path) + ": " + rule.path("message").asText());
      }
    }
    var properties = schema.path("properties").fields();
    while (properties.hasNext()) {
      var p = properties.next();
      JsonNode child = value.get(p.getKey());
      if (child != null && !child.isNull()) {
        Optional<JsonNode> oldChild =
            old.map(o -> o.get(p.getKey())).filter(c -> c != null && !c.isNull());
        // The API server runs a transition rule only where the old object had the field too.
        walk(
            p.getValue(),
            child,
            old.isPresent() ? oldChild : Optional.empty(),
            path + "." + p.getKey(),
            out);
      }
    }
  }

  /** JSON as CEL values: maps, lists, int64, double, string, bool. */
  private static Object toCel(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> map = new HashMap<>();
      node.fields().forEachRemaining(e -> map.put(e.getKey(), toCel(e.getValue())));
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      node.forEach(n -> list.add(toCel(n)));
      return list;
    }
    if (node.isIntegralNumber()) {
      return node.longValue();
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    return JSON.convertValue(node, String.class);
  }
}
