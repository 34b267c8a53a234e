package dev.leakgate.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The reflective path to {@code sun.misc.Signal}, with a real signal sent to this JVM: WINCH, which
 * the JVM does not use and a test process does not mind.
 */
class SignalHandlersTest {

  @Test
  void aSignalSentToTheProcessReachesTheHandlerWithItsNumber() throws Exception {
    CompletableFuture<Integer> received = new CompletableFuture<>();
    SignalHandlers.handle("WINCH", received::complete);

    Process kill =
        new ProcessBuilder("kill", "-WINCH", Long.toString(ProcessHandle.current().pid()))
            .inheritIO()
            .start();

    assertThat(kill.waitFor()).isZero();
    assertThat(received.get(10, TimeUnit.SECONDS)).isEqualTo(28);
  }

  @Test
  void aSignalTheJvmDoesNotKnowIsAClearError() {
    assertThatThrownBy(() -> SignalHandlers.handle("NOSUCHSIGNAL", n -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("cannot handle SIGNOSUCHSIGNAL");
  }
}
