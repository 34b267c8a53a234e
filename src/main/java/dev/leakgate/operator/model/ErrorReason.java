package dev.leakgate.operator.model;

/** Why a gate ended in Error (docs/operator.md): it could not run as specified. */
public enum ErrorReason {
  /** The spec breaks a rule the schema could not express (or the schema was not installed). */
  InvalidSpec,
  /** The target workload does not exist. */
  TargetNotFound,
  /** The target's pods were not all ready within startTimeout. */
  TargetNotReady,
  /** No Prometheus URL, or a Secret it names is missing. */
  PrometheusConfig,
  /** Prometheus refused a query, or a required signal has no series for the pods. */
  SignalsNotFound,
  /** Prometheus did not answer during the baseline, through every retry until startTimeout. */
  PrometheusUnavailable,
  /** The load Job could not be made: an invalid jobTemplate or a ServiceAccount not allowed. */
  LoadJobRefused,
  /**
   * The ServiceAccount the load pods run as does not exist in the gate's namespace: seen before the
   * Job is created, or in the Job's FailedCreate event when it was deleted after that check.
   */
  LoadServiceAccountMissing,
  /** The API server refused the load Job's pod for another reason (quota, admission policy). */
  LoadPodRefused
}
