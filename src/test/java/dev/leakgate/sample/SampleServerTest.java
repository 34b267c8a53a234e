package dev.leakgate.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The sample service must not leak what its healthy build promises not to: a gate of the fix that
 * fails on the service's own HTTP server proves nothing about LeakGate.
 */
class SampleServerTest {
  @Test
  void callsItsCallersGaveUpOnLeaveNoSocketOpen() throws Exception {
    ScoringService fix =
        new ScoringService(
            ScoringService.Leak.NONE,
            Duration.ofMillis(300),
            Duration.ofMillis(300),
            Duration.ofSeconds(1));
    try (SampleServer server =
        new SampleServer(
            "127.0.0.1", 0, fix, ServiceMetrics.of(ServiceMetrics.Naming.simpleclient))) {
      assertThat(get(server.port(), "/api/recommend")).startsWith("HTTP/1.1 200");
      long before = openFds();

      // 400 callers at once, far more than the request threads serve, each giving up after 50 ms
      // as a load generator's timeout does: the service answers each after its caller has gone.
      List<Socket> callers = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        Socket caller = new Socket("127.0.0.1", server.port());
        caller.getOutputStream().write(request("/api/recommend"));
        callers.add(caller);
      }
      Thread.sleep(50);
      for (Socket caller : callers) {
        caller.close();
      }

      // Every call has ended by now: at most 400 / 32 rounds of 300 ms.
      long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      long after = openFds();
      while (after > before + 5 && System.nanoTime() < deadline) {
        Thread.sleep(200);
        after = openFds();
      }
      assertThat(after).as("open fds, %d before the calls", before).isLessThanOrEqualTo(before + 5);
      // ... and the service still answers.
      assertThat(get(server.port(), "/metrics")).startsWith("HTTP/1.1 200");
    }
  }

  private static long openFds() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }

  private static byte[] request(String path) {
    return ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  private static String get(int port, String path) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      out.write(request(path));
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
