package dev.leakgate.scrape;

import static dev.leakgate.prometheus.Preset.Companion.COLLECTIONS;
import static dev.leakgate.prometheus.Preset.Companion.UPPER_BOUND;
import static org.assertj.core.api.Assertions.assertThat;

import dev.leakgate.prometheus.Preset;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A scraped page gives a heap signal its companion series the way the presets' PromQL reads them
 * from Prometheus: Go's collection counter, and the JVM old pool's usage beside its post-GC value.
 */
class ScrapeLogTest {
  private final TextFormatParser parser = new TextFormatParser();

  @Test
  void goHeapIsReadWithItsCollectionCounter() throws Exception {
    ScrapeLog log = new ScrapeLog(Preset.resolve(List.of("go-heap-alloc")));
    log.add(Instant.ofEpochSecond(100), page("go_memstats_heap_alloc_bytes 3e6", 7));
    log.add(Instant.ofEpochSecond(101), page("go_memstats_heap_alloc_bytes 4e5", 8));

    ScrapeLog.Samples samples = log.samples("go-heap-alloc");

    assertThat(samples.values()).containsExactly(3e6, 4e5);
    assertThat(samples.companion(COLLECTIONS))
        .hasValueSatisfying(c -> assertThat(c).containsExactly(7, 8));
    assertThat(samples.companion(UPPER_BOUND)).isEmpty();
  }

  @Test
  void jvmOldGenerationIsReadWithItsUsageAndNoCounter() throws Exception {
    ScrapeLog log = new ScrapeLog(Preset.resolve(List.of("jvm-old-gen-after-gc")));
    log.add(
        Instant.ofEpochSecond(100),
        parser
            .parse(
                """
                jvm_memory_pool_collection_used_bytes{pool="G1 Old Gen",} 9240000.0
                jvm_memory_pool_collection_used_bytes{pool="G1 Eden Space",} 0.0
                jvm_memory_pool_bytes_used{pool="G1 Old Gen",} 13940000.0
                jvm_memory_pool_bytes_used{pool="G1 Eden Space",} 4.0E7
                jvm_gc_collection_seconds_count{gc="G1 Young Generation",} 16.0
                """)
            .samples());

    ScrapeLog.Samples samples = log.samples("jvm-old-gen-after-gc");

    assertThat(samples.values()).containsExactly(9.24e6);
    assertThat(samples.companion(UPPER_BOUND))
        .hasValueSatisfying(u -> assertThat(u).containsExactly(1.394e7));
    assertThat(samples.companion(COLLECTIONS)).isEmpty();
  }

  @Test
  void aPageWithoutTheCounterLeavesItOut() throws Exception {
    ScrapeLog log = new ScrapeLog(Preset.resolve(List.of("go-heap-alloc")));
    log.add(
        Instant.ofEpochSecond(100), parser.parse("go_memstats_heap_alloc_bytes 3e6\n").samples());

    assertThat(log.samples("go-heap-alloc").companion(COLLECTIONS)).isEmpty();
  }

  private List<Sample> page(String heap, int collections) throws TextFormatException {
    return parser
        .parse(
            heap
                + "\ngo_gc_duration_seconds{quantile=\"0.5\"} 0.0001\n"
                + "go_gc_duration_seconds_sum 0.01\ngo_gc_duration_seconds_count "
                + collections
                + "\n")
        .samples();
  }
}
