package dev.leakgate.operator;

/**
 * Validating admission policies that make the real API server refuse what a cluster sometimes
 * refuses: Events about gates named {@code quiet-*} (HTTP 403, as when the operator's RBAC lacks
 * {@code create events}), and status writes that would record a final phase on a gate labelled
 * {@code test.leakgate.dev/refuse-verdict} (as any failed write would be). A policy is used rather
 * than a second RBAC setup because RBAC is additive: the chart's ClusterRole grants Events
 * everywhere, and only a policy can take one namespace's or one gate's writes away.
 */
final class Policies {
  static final String YAML =
      """
      apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicy
      metadata: {name: refuse-quiet-gate-events}
      spec:
        failurePolicy: Fail
        matchConstraints:
          resourceRules:
            - {apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [events]}
        validations:
          - expression: "!object.involvedObject.name.startsWith('quiet-')"
            message: Events about quiet- gates are refused here
            reason: Forbidden
      ---
      apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicyBinding
      metadata: {name: refuse-quiet-gate-events}
      spec:
        policyName: refuse-quiet-gate-events
        validationActions: [Deny]
      ---
      apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicy
      metadata: {name: refuse-verdict-writes}
      spec:
        failurePolicy: Fail
        matchConstraints:
          resourceRules:
            - apiGroups: [leakgate.dev]
              apiVersions: [v1alpha1]
              operations: [UPDATE]
              resources: [leakgates/status]
        validations:
          - expression: >-
              !has(object.metadata.labels)
              || !('test.leakgate.dev/refuse-verdict' in object.metadata.labels)
              || !has(object.status) || !has(object.status.phase)
              || !(object.status.phase in ['Passed', 'Failed', 'Inconclusive', 'Error'])
            message: this gate's verdict may not be written yet
      ---
      apiVersion: admissionregistration.k8s.io/v1
      kind: ValidatingAdmissionPolicyBinding
      metadata: {name: refuse-verdict-writes}
      spec:
        policyName: refuse-verdict-writes
        validationActions: [Deny]
      """;

  private Policies() {}
}
