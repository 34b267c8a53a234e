package dev.leakgate.cli;

import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Maps usage errors and unexpected failures to exit code 3, with a message on stderr. */
@ApplicationScoped
public class CommandLineSetup {

  @Produces
  CommandLine commandLine(PicocliCommandLineFactory factory) {
    CommandLine commandLine = factory.create();
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setParameterExceptionHandler(
        (e, args) -> {
          PrintWriter err = e.getCommandLine().getErr();
          err.println("leakgate: " + e.getMessage());
          CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
          err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
          err.flush();
          return ExitCodes.ERROR;
        });
    commandLine.setExecutionExceptionHandler(
        (e, cmd, parseResult) -> {
          PrintWriter err = cmd.getErr();
          err.println("leakgate: " + e);
          // The root cause is what a user can act on (a refused connection, a missing CRD).
          for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            err.println("  caused by: " + cause);
          }
          err.flush();
          return ExitCodes.ERROR;
        });
    return commandLine;
  }
}
