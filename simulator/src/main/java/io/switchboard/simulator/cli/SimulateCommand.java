package io.switchboard.simulator.cli;

import io.switchboard.simulator.report.RunResult;
import io.switchboard.simulator.requestpath.RequestPathSimulation;
import io.switchboard.simulator.scenario.RequestPathLoader;
import io.switchboard.simulator.scenario.RequestPathScenario;
import io.switchboard.simulator.scenario.ScenarioException;
import io.switchboard.simulator.scenario.SweepRange;
import io.switchboard.simulator.validation.ValidationCase;
import io.switchboard.simulator.validation.ValidationTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The {@code simulate} command: runs a capacity scenario in virtual time. */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
      "Run a capacity scenario in virtual time.",
      "SCENARIO is a HOCON file or a bundled scenario: mm1, heterogeneous, chat-llm;"
          + " with --requests, a request-path scenario (request-burst)."
    },
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {
      "0:done (and the --slo was met)",
      "1:the --slo was missed or no minimum" + " found",
      "2:invalid scenario or options"
    })
public final class SimulateCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "SCENARIO",
      description = "Scenario file (HOCON) or bundled scenario name.")
  private String scenario;

  @Option(
      names = {"-s", "--set"},
      paramLabel = "KEY=VALUE",
      description = "Override a scenario key, e.g. workers.h100.count=6 (repeatable).")
  private List<String> overrides = new ArrayList<>();

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "Output folder (default: a new folder per run under --out-root,"
              + " named <scenario>-<date>-<time>).")
  private Path out;

  @Option(
      names = "--out-root",
      paramLabel = "DIR",
      defaultValue = "sim-out",
      description =
          "Where each run's own folder goes when --out is not given"
              + " (default: ${DEFAULT-VALUE}).")
  private Path outRoot;

  /** Names the run folders; tests set it. */
  Clock clock = Clock.systemDefaultZone();

  @Option(
      names = "--sweep",
      paramLabel = "KEY=FROM..TO[:STEP]",
      description = "Run once per value, e.g. workers.h100.count=2..16.")
  private String sweep;

  @Option(
      names = "--find-min",
      paramLabel = "KEY",
      description =
          "Find the smallest integer value of KEY meeting --slo (doubling, then" + " bisection).")
  private String findMin;

  @Option(
      names = "--max",
      paramLabel = "N",
      defaultValue = "1024",
      description = "Upper bound for --find-min (default: ${DEFAULT-VALUE}).")
  private int max;

  @Option(
      names = "--slo",
      paramLabel = "TARGET",
      description = "Latency target like p99<2s or p50<300ms,p99<2s.")
  private String slo;

  @Option(
      names = "--compare-strategies",
      description = "Run under every balancing strategy and rank them.")
  private boolean compare;

  @Option(
      names = "--validate",
      description =
          "Run the queueing-theory validation (M/M/1, M/M/4, M/D/1) and print the"
              + " table; no scenario needed.")
  private boolean validate;

  @Option(
      names = "--requests",
      description =
          "SCENARIO is a request-path scenario (a file, or the bundled request-burst): predict"
              + " what requests that answer add over their workers' pace; prints only.")
  private boolean requests;

  @Option(names = "--no-charts", description = "Skip the PNG charts.")
  private boolean noCharts;

  @Option(
      names = {"-q", "--quiet"},
      description = "No progress bar.")
  private boolean quiet;

  /** Runs the command as a stand-alone program (until the runtime's jar wires it). */
  public static void main(String[] args) {
    System.exit(new CommandLine(new SimulateCommand()).execute(args));
  }

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    try {
      return execute();
    } catch (ScenarioException | IllegalArgumentException e) {
      err.println("simulate: " + e.getMessage());
      return 2;
    } catch (UnsupportedOperationException e) {
      err.println("simulate: fabric.balancing is not available in this build: " + e.getMessage());
      return 2;
    } catch (IOException | UncheckedIOException e) {
      err.println("simulate: cannot write " + out + ": " + e.getMessage());
      return 2;
    }
  }

  private Integer execute() throws IOException {
    System.setProperty("java.awt.headless", "true");
    PrintWriter stdout = spec.commandLine().getOut();
    if (validate) {
      return validate(stdout);
    }
    if (scenario == null) {
      throw new IllegalArgumentException(
          "missing SCENARIO (a file, or mm1, heterogeneous," + " chat-llm); see --help");
    }
    if (requests) {
      RequestPathScenario model = RequestPathLoader.load(scenario, overrides);
      stdout.print(new RequestPathSimulation(model).run().table());
      stdout.flush();
      return 0;
    }
    int modes = (sweep != null ? 1 : 0) + (findMin != null ? 1 : 0) + (compare ? 1 : 0);
    if (modes > 1) {
      throw new IllegalArgumentException(
          "use at most one of --sweep, --find-min," + " --compare-strategies");
    }
    Slo target = slo == null ? null : Slo.parse(slo);
    out = out != null ? out : RunFolder.next(outRoot, scenario, clock);
    Integer status = run(stdout, target);
    stdout.println("wrote " + out.toAbsolutePath());
    return status;
  }

  private Integer run(PrintWriter stdout, Slo target) throws IOException {
    Runner runner =
        new Runner(
            scenario,
            overrides,
            stdout,
            spec.commandLine().getErr(),
            Runner.Clocks.system(),
            !quiet,
            !noCharts);
    if (sweep != null) {
      new Sweep(runner).run(SweepRange.parse(sweep), out, target);
      return 0;
    }
    if (findMin != null) {
      return findMinimum(runner, stdout, target);
    }
    if (compare) {
      new StrategyComparison(runner).run(out, target);
      return 0;
    }
    RunResult result = runner.run(runner.scenario(), scenario);
    runner.printTable(scenario, result);
    runner.write(out, result, runner.subject());
    if (target != null) {
      boolean met = target.metBy(result.summary());
      stdout.println(
          (met ? "SLO met: " : "SLO missed: ")
              + target
              + " ("
              + target.describe(result.summary())
              + ")");
      return met ? 0 : 1;
    }
    return 0;
  }

  private Integer findMinimum(Runner runner, PrintWriter stdout, Slo target) throws IOException {
    if (target == null) {
      throw new IllegalArgumentException("--find-min needs --slo, like --slo p99<2s");
    }
    if (max < 1) {
      throw new IllegalArgumentException("--max must be at least 1, got " + max);
    }
    Optional<Integer> minimum = new MinimumSearch(runner).find(findMin, target, max, out);
    if (minimum.isEmpty()) {
      stdout.println("no value of " + findMin + " up to " + max + " meets " + target);
      return 1;
    }
    stdout.println("minimum " + findMin + " = " + minimum.get() + " meets " + target);
    return 0;
  }

  private Integer validate(PrintWriter stdout) {
    stdout.print(ValidationTable.header());
    stdout.flush();
    for (ValidationCase c : ValidationCase.standard()) {
      ProgressBar bar = new ProgressBar(spec.commandLine().getErr(), System::nanoTime, c.name());
      stdout.print(ValidationTable.row(c, 1, quiet ? (now, end, n) -> {} : bar));
      stdout.flush();
    }
    return 0;
  }
}
