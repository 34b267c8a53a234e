package dev.leakgate.analysis;

import java.util.Locale;

/** Human formatting for messages: counts as integers, bytes in binary units, durations short. */
public final class Numbers {
  private Numbers() {}

  public static String of(SignalKind kind, double value) {
    if (Double.isNaN(value)) {
      return "n/a";
    }
    return kind == SignalKind.HEAP || kind == SignalKind.MEMORY ? bytes(value) : plain(value);
  }

  public static String plain(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return String.valueOf(value);
    }
    if (Math.abs(value - Math.rint(value)) < 1e-9 || Math.abs(value) >= 1000) {
      return String.format(Locale.ROOT, "%d", Math.round(value));
    }
    return String.format(Locale.ROOT, "%.2f", value).replaceAll("\\.?0+$", "");
  }

  public static String bytes(double value) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    double v = value;
    int unit = 0;
    while (Math.abs(v) >= 1024 && unit < units.length - 1) {
      v /= 1024;
      unit++;
    }
    return unit == 0 ? plain(v) + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[unit]);
  }

  /** 300 -> "5m", 150 -> "2m30s", 0.5 -> "0.5s". */
  public static String duration(double seconds) {
    if (seconds < 60) {
      return plain(Math.round(seconds * 10) / 10.0) + "s";
    }
    long total = Math.round(seconds);
    long hours = total / 3600;
    long minutes = total % 3600 / 60;
    long secs = total % 60;
    StringBuilder out = new StringBuilder();
    if (hours > 0) {
      out.append(hours).append('h');
    }
    if (minutes > 0) {
      out.append(minutes).append('m');
    }
    if (secs > 0) {
      out.append(secs).append('s');
    }
    return out.toString();
  }
}
