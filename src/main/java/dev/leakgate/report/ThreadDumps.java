package dev.leakgate.report;

import java.util.Arrays;
import java.util.Optional;

/**
 * The largest group of a grouped thread dump or goroutine profile: blocks separated by blank lines,
 * largest first (the sample service's {@code /threads}, Go's {@code pprof/goroutine?debug=1}).
 */
public final class ThreadDumps {
  private ThreadDumps() {}

  /** The first block that starts with a count ("736 x WAITING", "14235 @ 0x..."). */
  public static Optional<String> topGroup(String dump) {
    return Arrays.stream(dump.split("\\r?\\n\\s*\\r?\\n"))
        .map(String::strip)
        .filter(b -> b.matches("(?s)^[0-9]+ (x|@) .*"))
        .findFirst();
  }
}
