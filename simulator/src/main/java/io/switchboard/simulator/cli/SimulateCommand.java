package io.switchboard.simulator.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** The {@code simulate} command: runs a capacity scenario in virtual time. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = "Run a capacity scenario in virtual time.")
public final class SimulateCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("simulate: not implemented yet");
    return 2;
  }
}
