package dev.leakgate.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * Reads a {@code LeakGate} document (YAML or JSON) into its spec, naming the field at fault for
 * anything unknown or of the wrong type.
 */
public final class SpecReader {
  public static final String API_VERSION = "leakgate.dev/v1alpha1";
  public static final String KIND = "LeakGate";

  private final ObjectMapper yaml =
      YAMLMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .disable(com.fasterxml.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .build();

  /**
   * A spec and the gate's name and namespace ({@code metadata.namespace}, default {@code default}).
   */
  public record Document(String name, String namespace, LeakGateSpec spec) {
    public Document(String name, LeakGateSpec spec) {
      this(name, "default", spec);
    }
  }

  public Document read(Path file) throws IOException, InvalidSpecException {
    try {
      return read(yaml.readTree(Files.readString(file)));
    } catch (NoSuchFileException e) {
      throw new InvalidSpecException(file.toString(), "no such file");
    } catch (JsonProcessingException e) {
      throw new InvalidSpecException(
          file.toString(), "not valid YAML: " + e.getOriginalMessage() + location(e));
    }
  }

  /**
   * A LeakGate document already parsed (from YAML or JSON), checked as {@link #read(Path)} does.
   */
  public Document read(JsonNode root) throws InvalidSpecException {
    if (root == null || !root.isObject()) {
      throw new InvalidSpecException("$", "a LeakGate document must be a YAML mapping");
    }
    if (!API_VERSION.equals(root.path("apiVersion").asText())) {
      throw new InvalidSpecException(
          "apiVersion",
          "must be " + API_VERSION + ", got '" + root.path("apiVersion").asText() + "'");
    }
    if (!KIND.equals(root.path("kind").asText())) {
      throw new InvalidSpecException(
          "kind", "must be " + KIND + ", got '" + root.path("kind").asText() + "'");
    }
    JsonNode spec = root.get("spec");
    if (spec == null || !spec.isObject()) {
      throw new InvalidSpecException("spec", "is required");
    }
    String name = root.path("metadata").path("name").asText("leakgate");
    try {
      String namespace = root.path("metadata").path("namespace").asText("default");
      return new Document(name, namespace, yaml.treeToValue(spec, LeakGateSpec.class));
    } catch (UnrecognizedPropertyException e) {
      String known =
          e.getKnownPropertyIds().stream()
              .map(Object::toString)
              .sorted()
              .collect(Collectors.joining(", "));
      throw new InvalidSpecException(path(e), "unknown field; known fields here: " + known);
    } catch (InvalidFormatException e) {
      throw new InvalidSpecException(
          path(e), "'" + e.getValue() + "' is not a " + typeName(e.getTargetType()));
    } catch (MismatchedInputException e) {
      throw new InvalidSpecException(path(e), "expected " + typeName(e.getTargetType()));
    } catch (JsonProcessingException e) {
      throw new InvalidSpecException("spec", e.getOriginalMessage());
    }
  }

  private static String path(JsonMappingException e) {
    StringBuilder b = new StringBuilder("spec");
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        b.append('.').append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        b.append('[').append(ref.getIndex()).append(']');
      }
    }
    return b.toString();
  }

  private static String typeName(Class<?> type) {
    if (type == null) {
      return "a different type";
    }
    if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
      return type == Integer.class || type == int.class ? "whole number" : "number";
    }
    if (type == String.class) {
      return "string";
    }
    if (java.util.List.class.isAssignableFrom(type)) {
      return "list";
    }
    return "mapping (" + type.getSimpleName().replace("Spec", "") + ")";
  }

  private static String location(JsonProcessingException e) {
    return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
  }
}
