package dev.leakgate.analysis;

/**
 * Why a pod's signal, or the gate, ended where it did. The codes are a stable, documented API
 * (docs/reason-codes.md): pipelines and alerts match on them. Never rename one.
 */
public enum Reason {
  // Gate level.
  SIGNALS_RECOVERED("SignalsRecovered", "every gating signal came back to its baseline band"),
  NO_GATING_SIGNALS(
      "NoGatingSignals", "the gate has no gating signal, and a gate cannot pass on warnings alone"),
  RECORDING_ENDED("RecordingEnded", "the data ended before a decision could be made"),
  LOAD_NOT_DELIVERED(
      "LoadNotDelivered", "no request of the load succeeded, so the load tested nothing"),
  LOAD_FAILED(
      "LoadFailed", "the load Job failed or ran out of time, so the load's effect is unknown"),
  PROMETHEUS_UNAVAILABLE(
      "PrometheusUnavailable", "Prometheus did not answer until the recovery deadline had passed"),

  // Recovered.
  BACK_TO_BASELINE(
      "BackToBaseline", "back in band for `settle` evaluations in a row and not rising"),
  IN_BAND_AT_TIMEOUT("InBandAtTimeout", "in band and not rising at the recovery timeout"),
  IN_BAND("InBand", "not decided on its own when the gate was decided, and in band then"),

  // Leak (or Warn, for a non-gating signal).
  STUCK_ABOVE_BASELINE(
      "StuckAboveBaseline",
      "above the band and not shown to fall, over a full recent window after grace"),
  STILL_RISING("StillRising", "above the band and rising significantly"),
  CANNOT_RECOVER_IN_TIME(
      "CannotRecoverInTime",
      "falling, but too slowly to get back into the band before the timeout"),
  DID_NOT_RECOVER("DidNotRecover", "above the band at the recovery timeout"),
  RISING_TREND("RisingTrend", "in band at the timeout, but rising by more than the band per hour"),
  OOM_KILLED("OOMKilled", "the container was OOM-killed during the gate"),
  ABOVE_BAND(
      "AboveBand", "not decided on its own when the gate was decided, and above its band then"),
  POD_ADDED_DURING_LOAD(
      "PodAddedDuringLoad",
      "the pod appeared after the baseline (autoscaling): reported, not judged"),

  // Inconclusive.
  INSUFFICIENT_BASELINE(
      "InsufficientBaseline",
      "under 80% of the expected samples (or under 5) in the baseline window"),
  UNSTEADY_BASELINE("UnsteadyBaseline", "the baseline itself was trending by more than the band"),
  NOISY_BASELINE("NoisyBaseline", "baseline noise (robust sigma) above 25% of its level"),
  RESTARTED("Restarted", "the process restarted; a fresh process is not a recovery"),
  POD_VANISHED("PodVanished", "a pod present at load start stopped reporting"),
  STALE_DATA("StaleData", "this signal stopped reporting while the pod's other signals went on"),
  DATA_GAP(
      "DataGap",
      "a hole in the data longer than max(4 scrapes, recent window / 5) in the baseline or after"
          + " the load, before the decision"),
  INSUFFICIENT_DATA(
      "InsufficientData", "under 80% of the expected samples in the recent window at the timeout"),
  NO_GC_AFTER_LOAD(
      "NoGcAfterLoad",
      "a heap signal that never changed after the load: no GC ran, so it is stale"),
  NOT_EVALUATED(
      "NotEvaluated", "non-gating signal, not yet past its grace when the gate was decided");

  private final String code;
  private final String meaning;

  Reason(String code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }

  public String code() {
    return code;
  }

  public String meaning() {
    return meaning;
  }
}
