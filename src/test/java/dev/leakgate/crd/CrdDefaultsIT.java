package dev.leakgate.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leakgate.spec.LeakGateSpec;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Defaults live in the Java model; the schema's {@code default}s must say the same. Walks the spec
 * schema and the records together: for each object, what Jackson makes of {@code {}} is compared
 * with the schema's defaults, both ways.
 */
class CrdDefaultsIT {
  private final ObjectMapper json = new ObjectMapper();
  private final List<String> checked = new ArrayList<>();
  private final List<String> mismatches = new ArrayList<>();

  @Test
  void schemaDefaultsAreTheJavaModelsDefaults() throws Exception {
    walk(GeneratedCrd.schema().path("properties").path("spec"), LeakGateSpec.class, "spec");

    assertThat(mismatches).isEmpty();
    assertThat(checked)
        .contains(
            "spec.recovery.timeout",
            "spec.recovery.settle",
            "spec.baseline.window",
            "spec.signals.presets",
            "spec.load.http.method",
            "spec.inconclusive",
            "spec.startTimeout",
            "spec.target.kind");
  }

  private void walk(JsonNode schema, Class<?> type, String path) throws Exception {
    JsonNode javaDefaults = json.valueToTree(json.readValue("{}", type));
    Map<String, Class<?>> components = new java.util.HashMap<>();
    for (RecordComponent c : type.getRecordComponents()) {
      components.put(c.getName(), c.getType());
    }
    var properties = schema.path("properties").properties().iterator();
    while (properties.hasNext()) {
      var property = properties.next();
      String name = property.getKey();
      JsonNode propertySchema = property.getValue();
      JsonNode javaDefault = javaDefaults.get(name);
      if (javaDefault != null
          && (javaDefault.isNull() || (javaDefault.isArray() && javaDefault.isEmpty()))) {
        // The model reads a missing list as an empty one: nothing for the schema to default.
        javaDefault = null;
      }
      JsonNode schemaDefault = propertySchema.get("default");
      boolean scalarJavaDefault = javaDefault != null && !javaDefault.isObject();
      if (schemaDefault != null || scalarJavaDefault) {
        checked.add(path + "." + name);
        if (schemaDefault == null
            || javaDefault == null
            || !sameValue(schemaDefault, javaDefault)) {
          mismatches.add(path + "." + name + ": schema " + schemaDefault + ", Java " + javaDefault);
        }
      }
      Class<?> componentType = components.get(name);
      if (componentType != null && componentType.isRecord() && propertySchema.has("properties")) {
        walk(propertySchema, componentType, path + "." + name);
      }
    }
  }

  private static boolean sameValue(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    return a.equals(b);
  }
}
