package dev.leakgate.cli;

import dev.leakgate.operator.OperatorLifecycle;
import io.quarkus.picocli.runtime.annotations.TopCommand;
import io.quarkus.runtime.Quarkus;
import jakarta.inject.Inject;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * The one entry point. With no command it is the operator; with a command it is a command-line tool
 * that starts no operator and touches no cluster (the Operator bean is only resolved when the
 * operator starts).
 */
@TopCommand
@Command(
    name = "leakgate",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Blocks promotion of releases whose resource usage does not come back to its pre-load"
          + " baseline.",
      "",
      "With no command, runs the Kubernetes operator."
    },
    subcommands = {
      JudgeCommand.class,
      RecordCommand.class,
      LoadCommand.class,
      RunCommand.class,
      CreateCommand.class,
      WaitCommand.class,
      DemoCommand.class,
      SampleServiceCommand.class
    })
public class LeakGateCommand implements Callable<Integer> {

  @Inject OperatorLifecycle operator;

  @Override
  public Integer call() {
    operator.start();
    Quarkus.waitForExit();
    // An exit that is not a signal (the Lease lost): stop before this thread's teardown begins.
    operator.stop();
    return 0;
  }
}
