package dev.leakgate.sample;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * All live threads grouped by state and stack, largest group first: the first thing a human wants
 * after a leak ("15,012 threads parked in SynchronousQueue.put").
 */
final class ThreadDump {
  private static final int FRAMES = 16;

  private ThreadDump() {}

  static String grouped() {
    Map<String, Long> groups =
        Thread.getAllStackTraces().entrySet().stream()
            .collect(
                Collectors.groupingBy(e -> key(e.getKey(), e.getValue()), Collectors.counting()));
    List<Map.Entry<String, Long>> sorted =
        groups.entrySet().stream()
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
            .toList();
    StringBuilder out = new StringBuilder();
    long total = sorted.stream().mapToLong(Map.Entry::getValue).sum();
    out.append(total).append(" threads in ").append(sorted.size()).append(" groups\n\n");
    Map<String, Long> ordered = new LinkedHashMap<>();
    sorted.forEach(e -> ordered.put(e.getKey(), e.getValue()));
    ordered.forEach((stack, count) -> out.append(count).append(" x ").append(stack).append('\n'));
    return out.toString();
  }

  /**
   * The thread's state and its stack down to the first frame of application code (or {@link
   * #FRAMES} frames): where it is parked, and which line of ours put it there.
   */
  private static String key(Thread thread, StackTraceElement[] stack) {
    StringBuilder key = new StringBuilder(thread.getState().name()).append('\n');
    for (int i = 0; i < Math.min(FRAMES, stack.length); i++) {
      key.append("    at ").append(stack[i]).append('\n');
      if (!isJdk(stack[i])) {
        break;
      }
    }
    return key.toString();
  }

  private static boolean isJdk(StackTraceElement frame) {
    String c = frame.getClassName();
    return c.startsWith("java.") || c.startsWith("jdk.") || c.startsWith("sun.");
  }
}
