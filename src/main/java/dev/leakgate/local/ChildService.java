package dev.leakgate.local;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The sample service as a child process of this JVM (the same jar, another mode), for the demo.
 * Closing it stops the process; a shutdown hook does the same on Ctrl-C, so no child outlives us.
 */
public final class ChildService implements AutoCloseable {
  private final Process process;
  private final String url;
  private final Thread hook;

  private ChildService(Process process, String url) {
    this.process = process;
    this.url = url;
    this.hook = new Thread(this::stop, "leakgate-stop-child-" + process.pid());
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Starts {@code sample-service --port 0 --leak on|off} and waits for its URL. */
  public static ChildService start(boolean leak) throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    String jar = System.getProperty("java.class.path", "");
    if (!jar.endsWith(".jar") || jar.contains(File.pathSeparator)) {
      throw new IOException(
          "the demo starts the sample service from LeakGate's jar; run it with java -jar");
    }
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("-Xmx96m");
    command.add("-XX:+UseSerialGC");
    command.add("-jar");
    command.add(Path.of(jar).toAbsolutePath().toString());
    command.addAll(List.of("sample-service", "--port", "0", "--leak", leak ? "on" : "off"));
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> listening =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                String line;
                while ((line = out.readLine()) != null) {
                  if (line.startsWith("listening on ")) {
                    return line.substring("listening on ".length()).trim();
                  }
                }
                return null;
              } catch (IOException e) {
                return null;
              }
            });
    try {
      String url = listening.get(60, TimeUnit.SECONDS);
      if (url == null) {
        throw new IOException("the sample service ended before it listened");
      }
      return new ChildService(process, url);
    } catch (ExecutionException | TimeoutException e) {
      process.destroyForcibly();
      throw new IOException("the sample service did not start within 60 s", e);
    } catch (InterruptedException | IOException e) {
      process.destroyForcibly();
      throw e;
    }
  }

  public String url() {
    return url;
  }

  public long pid() {
    return process.pid();
  }

  private void stop() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // already shutting down: the hook is running or has run
    }
  }
}
