package io.switchboard.runtime.cli;

import io.switchboard.simulator.cli.SimulateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code java -jar switchboard.jar}: the entry point; each job is a subcommand. */
@Command(
    name = "switchboard",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "The message fabric for LLM systems, on Apache Pekko.",
    subcommands = {
      NodeCommand.class,
      SchemaCommand.class,
      BenchCommand.class,
      SimulateCommand.class,
      EmulateBackendCommand.class,
      TokenCommand.class,
      CommandLine.HelpCommand.class
    })
public final class SwitchboardCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** Returns the command line, with {@code --version} on every subcommand. */
  public static CommandLine commandLine() {
    CommandLine line = new CommandLine(new SwitchboardCommand());
    for (CommandLine sub : line.getSubcommands().values()) {
      if (!sub.getCommandSpec().mixinStandardHelpOptions()) {
        sub.getCommandSpec().mixinStandardHelpOptions(true);
      }
      if (sub.getCommandSpec().versionProvider() == null) {
        sub.getCommandSpec().versionProvider(new VersionProvider());
      }
    }
    return line;
  }
}
