package dev.leakgate.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code leakgate sample-service} running as its own process, as a pod's container would. */
public final class SampleServiceProcess implements AutoCloseable {
  private final ListeningProcess process;
  public final URI url;

  /**
   * @param leak {@code on} or {@code off}
   * @param options more of the command's options, e.g. {@code --metrics micrometer}
   */
  public SampleServiceProcess(Path log, String leak, String... options) throws IOException {
    this(List.of(), log, leak, options);
  }

  /**
   * @param jvmOptions the JVM's own options, e.g. {@code -XX:+UseSerialGC -Xmx256m}
   */
  public SampleServiceProcess(List<String> jvmOptions, Path log, String leak, String... options)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ListeningProcess.java());
    command.addAll(jvmOptions);
    command.addAll(
        List.of(
            "-jar",
            Leakgate.jar().toAbsolutePath().toString(),
            "sample-service",
            "--port",
            "0",
            "--leak",
            leak));
    command.addAll(List.of(options));
    process = new ListeningProcess(log, command);
    url = process.url;
  }

  /** Kills the service at once, as a crashed pod. */
  public void kill() throws InterruptedException {
    process.kill();
  }

  @Override
  public void close() throws InterruptedException {
    process.close();
  }
}
