package io.switchboard.runtime.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code bench}: load generator. */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class)
public final class BenchCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    return 2;
  }
}
