package dev.leakgate.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;

/** The load: the built-in generator, or the user's own Job. Exactly one of the two. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LoadSpec(
    @JsonPropertyDescription("The built-in HTTP load generator.") HttpLoadSpec http,
    @JsonPropertyDescription(
            "Operator only: a batch/v1 Job spec running your own load tool (k6, hey, vegeta...).")
        JsonNode jobTemplate) {}
