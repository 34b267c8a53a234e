package dev.leakgate.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * The load: the built-in generator, or the user's own Job. Exactly one of the two.
 *
 * <p>{@code jobTemplate} is an {@link ObjectNode} so the schema says {@code type: object} beside
 * {@code x-kubernetes-preserve-unknown-fields}: without a type the API server knows no field of it,
 * and it refuses the CEL rule's {@code has(self.jobTemplate)} as an undefined field.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.http) != has(self.jobTemplate)",
    message = "give exactly one of load.http and load.jobTemplate")
public record LoadSpec(
    @JsonPropertyDescription("The built-in HTTP load generator.") HttpLoadSpec http,
    @PreserveUnknownFields
        @JsonPropertyDescription(
            "Operator only: a batch/v1 JobSpec (template.spec.containers...) running your own load"
                + " tool (k6, hey, vegeta...). Kept as free-form fields; the operator sets"
                + " backoffLimit, activeDeadlineSeconds, ttlSecondsAfterFinished and the owner"
                + " reference. The load ends when the Job completes.")
        ObjectNode jobTemplate) {}
