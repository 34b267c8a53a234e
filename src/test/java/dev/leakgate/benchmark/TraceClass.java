package dev.leakgate.benchmark;

/** The labelled classes of the corpus, and what a correct judge says on each. */
enum TraceClass {
  HEALTHY(
      "healthy",
      Group.HEALTHY,
      "level + AR(1) noise (phi 0-0.98, CV 2-15%) + 1% spikes at 3x; load peak 1.5-10x; recovery tau 30 s or 2 min; 1-3 pods; retained RSS 0/10/30% as a warn-only signal"),
  HEALTHY_SAWTOOTH(
      "healthy heap sawtooth",
      Group.HEALTHY,
      "raw heap: GC sawtooth (period 10-120 s, amplitude 10-60%) over the same noise and recovery"),
  HEALTHY_DROPPED_SCRAPES(
      "healthy, 5-30% dropped scrapes",
      Group.HEALTHY,
      "a healthy trace with each scrape dropped at random; Inconclusive is acceptable, Failed is a false positive"),
  HEALTHY_AUTOSCALED(
      "healthy, pod added during load",
      Group.HEALTHY,
      "a healthy trace plus a pod that appears during the load at 3x the level (reported, not judged)"),
  REAL_HEALTHY(
      "real: sample service, leak off",
      Group.HEALTHY,
      "the sample service with the fix, recorded through a real Prometheus (src/test/resources/recordings/real)"),
  REAL_RUNTIME_HEALTHY(
      "real: Go, Node.js, Python fixes",
      Group.HEALTHY,
      "the real Go, Node.js and Python services with the fix at the short shape, recorded through a real Prometheus (src/test/resources/recordings/real-runtimes)"),
  SLOW_RECOVERY(
      "slow recovery (tau 10 min)",
      Group.HEALTHY,
      "healthy shape whose recovery time constant equals the 10 min timeout: by the gate's contract it has not come back in time"),
  REAL_LEAK(
      "real: sample service, leak on",
      Group.LEAK,
      "the sample service with the leak, recorded through a real Prometheus (src/test/resources/recordings/real)"),
  REAL_RUNTIME_LEAK(
      "real: Go, Node.js, Python leaks",
      Group.LEAK,
      "the same services with each runtime's stuck-concurrency or retained-memory leak (src/test/resources/recordings/real-runtimes)"),
  STEP_LEAK("step leak", Group.LEAK, "after the load the signal settles at baseline + size x band"),
  SLOW_LEAK(
      "slow leak",
      Group.LEAK,
      "keeps climbing from the load start, reaching baseline + size x band at the timeout"),
  RISING_TROUGHS(
      "rising GC troughs",
      Group.LEAK,
      "raw heap sawtooth whose troughs climb to baseline + size x band at the timeout"),
  ONE_POD_OF_MANY(
      "one leaking pod of 3 or 10",
      Group.LEAK,
      "a step leak of the given size on one pod; the others healthy"),
  GOROUTINE_LEAK(
      "goroutine leak",
      Group.LEAK,
      "+50, +500 or +15,000 goroutines that never go away (the story's case is +15,000)"),
  OOM_KILL("OOM kill", Group.LEAK, "the container is OOM-killed during the load and restarts"),
  RESTART(
      "restart",
      Group.DOUBTFUL,
      "a healthy trace whose process restarts (start time jumps, values reset) between the middle of the baseline and the middle of the recovery"),
  GAP(
      "gap",
      Group.DOUBTFUL,
      "a healthy trace with no samples for 1-10 min of watched time (the baseline and after the load; a hole across the load loses the load too), centred between the baseline start and 2 min after the load (before any gate decides)"),
  NO_BASELINE("no baseline", Group.DOUBTFUL, "a healthy trace whose data starts at the load start"),
  STALE_TAIL(
      "stale tail",
      Group.DOUBTFUL,
      "a healthy trace whose data ends within the grace after the load");

  enum Group {
    /** A correct judge passes (Inconclusive is tolerated, Failed is a false positive). */
    HEALTHY,
    /** A correct judge fails; Passed or Inconclusive is a miss. */
    LEAK,
    /** Evidence is broken: Passed is a false pass. */
    DOUBTFUL
  }

  final String label;
  final Group group;
  final String description;

  TraceClass(String label, Group group, String description) {
    this.label = label;
    this.group = group;
    this.description = description;
  }
}
