package dev.leakgate.recording;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leakgate.analysis.GateSettings;
import java.time.Instant;

/**
 * Writes a recording's load times and gate settings (docs/recording-format.md), for every writer of
 * recordings: {@code record}, {@code run} and the operator.
 */
public final class RecordingHeader {
  /**
   * The format's version, written first in every recording. New optional fields keep it; a field
   * that changes what existing data means raises it, and older readers then refuse the file.
   */
  public static final int VERSION = 1;

  private RecordingHeader() {}

  public static void write(
      ObjectNode recording, Instant loadStart, Instant loadEnd, GateSettings settings) {
    recording.put("version", VERSION);
    recording.put("loadStart", loadStart.toString());
    recording.put("loadEnd", loadEnd.toString());
    recording.putObject("baseline").put("window", Durations.format(settings.baselineWindow()));
    ObjectNode recovery = recording.putObject("recovery");
    settings.recovery().grace().ifPresent(g -> recovery.put("grace", Durations.format(g)));
    recovery.put("timeout", Durations.format(settings.recovery().timeout()));
    settings.recovery().interval().ifPresent(i -> recovery.put("interval", Durations.format(i)));
    recovery.put("settle", settings.recovery().settle());
  }

  /**
   * The header with when the data was read: a live gate judged it at that time, so {@code judge}
   * replays its evaluations up to it (docs/recording-format.md, {@code recordedUntil}).
   */
  public static void write(
      ObjectNode recording,
      Instant loadStart,
      Instant loadEnd,
      GateSettings settings,
      Instant recordedUntil) {
    write(recording, loadStart, loadEnd, settings);
    recording.put("recordedUntil", recordedUntil.toString());
  }
}
