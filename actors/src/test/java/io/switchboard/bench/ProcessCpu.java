package io.switchboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/** Where this process's CPU goes, from the JVM and /proc (Linux; zeros or "?" elsewhere). */
final class ProcessCpu {
  private ProcessCpu() {}

  /** CPU time of this process (all threads: benchmark, library, Pekko, H2, GC, JIT). */
  static long processCpuNanos() {
    var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
  }

  /** User and kernel CPU ticks of this process from /proc/self/stat (zeros elsewhere). */
  static long[] userSystemTicks() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12])};
    } catch (IOException | RuntimeException e) {
      return new long[] {0, 0};
    }
  }

  /** CPU ticks (user + kernel) of each live thread of this process, by thread id and name. */
  static Map<String, Long> threadTicks() {
    return threadTicks("self");
  }

  /** As {@link #threadTicks()} for process {@code pid} ("self": this one). */
  static Map<String, Long> threadTicks(String pid) {
    Map<String, Long> ticks = new LinkedHashMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc", pid, "task"))) {
      tasks.forEach(
          task -> {
            try {
              String stat = Files.readString(task.resolve("stat"));
              String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
              String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
              ticks.put(
                  task.getFileName() + "/" + name,
                  Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
            } catch (IOException | RuntimeException gone) {
              // the thread ended meanwhile
            }
          });
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return ticks;
  }

  /** Where the CPU went during the window: thread groups (numbers stripped), largest first. */
  static String threadBreakdown(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> groups = new LinkedHashMap<>();
    long total = 0;
    for (Map.Entry<String, Long> entry : after.entrySet()) {
      long used = entry.getValue() - before.getOrDefault(entry.getKey(), 0L);
      String name =
          entry.getKey().substring(entry.getKey().indexOf('/') + 1).replaceAll("[0-9]+", "N");
      groups.merge(name, used, Long::sum);
      total += used;
    }
    if (total == 0) {
      return "(not available)";
    }
    long sum = total;
    StringBuilder out = new StringBuilder();
    groups.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .filter(e -> e.getValue() * 100 >= sum)
        .forEach(
            e ->
                out.append(
                    String.format(
                        Locale.ROOT, "%s %.0f%%, ", e.getKey(), 100.0 * e.getValue() / sum)));
    return out.substring(0, out.length() - 2);
  }

  /**
   * Returns the share of the window's CPU ticks used by threads other than the JIT compilers and
   * the pacer (the load generator's clock): what the library and the in-process clients cost once
   * warm. 1 when /proc is not there.
   */
  static double warmShare(Map<String, Long> before, Map<String, Long> after) {
    long total = 0;
    long excluded = 0;
    for (Map.Entry<String, Long> entry : after.entrySet()) {
      long used = entry.getValue() - before.getOrDefault(entry.getKey(), 0L);
      String name = entry.getKey().substring(entry.getKey().indexOf('/') + 1);
      total += used;
      if (name.contains("CompilerThre") || name.equals("bench-pacer")) {
        excluded += used;
      }
    }
    return total == 0 ? 1 : (double) (total - excluded) / total;
  }

  /** Voluntary context switches (a thread that parked, then was woken) of each live thread. */
  static Map<String, Long> threadWakeUps() {
    Map<String, Long> switches = new LinkedHashMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          String name = Files.readString(task.resolve("comm")).trim();
          for (String line : Files.readAllLines(task.resolve("status"))) {
            if (line.startsWith("voluntary_ctxt_switches:")) {
              switches.put(
                  task.getFileName() + "/" + name,
                  Long.parseLong(line.substring(line.indexOf(':') + 1).trim()));
            }
          }
        } catch (IOException | RuntimeException e) {
          // the thread ended meanwhile
        }
      }
    } catch (IOException e) {
      // not Linux
    }
    return switches;
  }

  /** Wake-ups per message during the window by thread group (numbers stripped), largest first. */
  static String wakeUpsPerMessage(Map<String, Long> before, Map<String, Long> after, long msgs) {
    Map<String, Long> groups = new LinkedHashMap<>();
    for (Map.Entry<String, Long> entry : after.entrySet()) {
      String name =
          entry.getKey().substring(entry.getKey().indexOf('/') + 1).replaceAll("[0-9]+", "N");
      groups.merge(name, entry.getValue() - before.getOrDefault(entry.getKey(), 0L), Long::sum);
    }
    if (msgs == 0) {
      return "(no messages)";
    }
    StringBuilder out = new StringBuilder();
    groups.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .filter(e -> e.getValue() * 50 >= msgs)
        .forEach(
            e ->
                out.append(
                    String.format(
                        Locale.ROOT, "%s %.2f, ", e.getKey(), (double) e.getValue() / msgs)));
    return out.length() == 0 ? "(none)" : out.substring(0, out.length() - 2);
  }

  /**
   * Context switches (voluntary and not) of this process's live threads, from /proc (0 elsewhere).
   */
  static long contextSwitches() {
    long total = 0;
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          for (String line : Files.readAllLines(task.resolve("status"))) {
            if (line.contains("ctxt_switches:")) {
              total += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
          }
        } catch (IOException | RuntimeException e) {
          // the thread ended meanwhile
        }
      }
    } catch (IOException e) {
      return 0;
    }
    return total;
  }

  /**
   * Bytes allocated on the heap so far by this process's live threads (the JVM's per-thread
   * counters; a thread that ended takes its count with it). A count the machine's load does not
   * change, unlike CPU time. 0 where the JVM does not count.
   */
  static long allocatedBytes() {
    var threads = java.lang.management.ManagementFactory.getThreadMXBean();
    if (!(threads instanceof com.sun.management.ThreadMXBean sun)
        || !sun.isThreadAllocatedMemoryEnabled()) {
      return 0;
    }
    long total = 0;
    for (long bytes : sun.getThreadAllocatedBytes(threads.getAllThreadIds())) {
      total += Math.max(0, bytes);
    }
    return total;
  }

  /** The 1-minute load average (the machine is shared: a busy neighbour shows here). */
  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }
}
