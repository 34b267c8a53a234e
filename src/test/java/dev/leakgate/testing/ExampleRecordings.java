package dev.leakgate.testing;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the bundled example recordings (examples/recordings/): the story of DESIGN.md the JVM way.
 * A checkout service hands each scoring result over a SynchronousQueue; with the bug, every
 * timed-out request leaves a thread parked in put() forever. Two pods, 15 s scrapes, a 5 min
 * baseline, a 5 min load and 10 min of recovery.
 *
 * <p>Run from the repository root: {@code java -cp target/classes:target/test-classes:$(cat
 * target/classpath.txt) dev.leakgate.testing.ExampleRecordings examples/recordings}
 */
public final class ExampleRecordings {
  private static final double MIB = 1024 * 1024;
  private static final String[] PODS = {"checkout-7d9f8c6b5-x2k4p", "checkout-7d9f8c6b5-m9wq1"};

  private ExampleRecordings() {}

  public static RecordingBuilder leaky() {
    return checkout(true);
  }

  public static RecordingBuilder fixed() {
    return checkout(false);
  }

  private static RecordingBuilder checkout(boolean leak) {
    RecordingBuilder b =
        RecordingBuilder.fiveMinuteLoad()
            .scrape(15, -300, 900)
            .baselineWindow("5m")
            .recovery("2m", "10m", "30s", 3);
    double load = b.loadSeconds();
    var threads = b.signal("jvm-threads", "threads");
    var heap = b.signal("jvm-old-gen-after-gc", "heap");
    var rss = b.signal("container-rss", "memory");
    var start = b.signal("process-start-time", "start-time");
    for (int i = 0; i < PODS.length; i++) {
      long seed = 42 + i;
      double leakedThreads = leak ? 15276 - 40 * i : 0;
      threads.pod(
          PODS[i],
          Shape.hump(42 + i, 42 + i + (leak ? 15400 : 180), load, leak ? 20 : 8, leakedThreads)
              .withNoise(0.8, 0.3, seed)
              .rounded());
      // Each parked thread holds its request and a scoring result: about 7 KiB of old gen.
      double leakedHeap = leak ? leakedThreads * 7 * 1024 : 0;
      heap.pod(
          PODS[i],
          Shape.hump(61 * MIB, 61 * MIB + (leak ? 150 : 45) * MIB, load, 40, leakedHeap)
              .withNoise(0.6 * MIB, 0.5, seed + 100)
              .steppedEvery(75));
      // Thread stacks and malloc arenas: RSS grows a lot with a leak, and stays a little up even
      // when healthy (the JVM keeps committed memory), which is why memory only warns.
      rss.pod(
          PODS[i],
          Shape.hump(
                  310 * MIB,
                  310 * MIB + (leak ? 1100 : 160) * MIB,
                  load,
                  90,
                  leak ? 1030 * MIB : 40 * MIB)
              .withNoise(2 * MIB, 0.9, seed + 200)
              .rounded());
      start.pod(PODS[i], Shape.flat(1795858200.25 + 3.5 * i));
    }
    return b;
  }

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "examples/recordings");
    Files.createDirectories(dir);
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter();
    printer.indentArraysWith(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE);
    ObjectMapper mapper = new ObjectMapper();
    mapper.setDefaultPrettyPrinter(printer);
    mapper.enable(SerializationFeature.INDENT_OUTPUT);
    Files.writeString(dir.resolve("checkout-leak.json"), compact(mapper, leaky()));
    Files.writeString(dir.resolve("checkout-fixed.json"), compact(mapper, fixed()));
  }

  /** Pretty at the top, one sample pair per line below, so the file reads and diffs well. */
  private static String compact(ObjectMapper mapper, RecordingBuilder b) throws IOException {
    String pretty = mapper.writeValueAsString(b.json());
    return pretty.replaceAll("\\[\\s+([0-9.e+E-]+),\\s+(\"[^\"]*\")\\s+\\]", "[$1, $2]") + "\n";
  }
}
