package dev.leakgate.recording;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leakgate.analysis.GateInput;
import java.io.IOException;
import java.nio.file.Path;

/** Reads a recording file (docs/recording-format.md) into the verdict engine's input. */
public final class RecordingReader {

  public GateInput read(Path file) throws IOException, InvalidRecordingException {
    return RecordingJson.read(file).toInput();
  }

  public GateInput read(JsonNode root) throws InvalidRecordingException {
    return RecordingJson.read(root).toInput();
  }
}
