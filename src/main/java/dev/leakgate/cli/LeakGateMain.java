package dev.leakgate.cli;

import io.quarkus.picocli.runtime.PicocliRunner;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The jar's entry point. Quarkus starts its extensions before picocli sees the arguments, so the
 * choice between operator and command-line tool that concerns the extensions is made here: with a
 * command, LeakGate opens no HTTP listener (the operator's health and metrics endpoints), so
 * several command-line processes can run side by side and none needs a free port.
 */
@QuarkusMain
public final class LeakGateMain {
  private LeakGateMain() {}

  public static void main(String... args) {
    if (args.length > 0) {
      System.setProperty("quarkus.http.host-enabled", "false");
    }
    Quarkus.run(PicocliRunner.class, args);
  }
}
