package io.devstreams.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CPU time and memory of process trees, from {@code /proc}: a tree's CPU is the user and system
 * time of every live process in it plus the time of the children they have reaped, so it counts the
 * connection processes that socat and sshd fork and that end during a measurement.
 */
final class Proc {

  private final long ticksPerSecond;

  Proc(long ticksPerSecond) {
    this.ticksPerSecond = ticksPerSecond;
  }

  /**
   * Returns the CPU seconds used so far by the trees rooted at each group of {@code groups}.
   *
   * <p>An exited child's time shows neither in its own {@code stat} nor in its parent's until the
   * parent reaps it, so the reading waits (at most a second) until no process of the trees is a
   * zombie. And since {@code /proc} is read one file at a time, a child reaped between the reading
   * of its parent and its own is missed once: the reading is taken three times and the largest kept
   * (the true figure only grows, and a miss only lowers a reading).
   */
  double[] cpuSeconds(List<List<Long>> groups) {
    List<Long> all = new ArrayList<>();
    groups.forEach(all::addAll);
    double[] best = new double[groups.size()];
    for (int reading = 0; reading < 3; reading++) {
      Map<Long, long[]> table = table();
      for (int i = 0; i < 100 && hasZombie(all, table); i++) {
        pause(10);
        table = table();
      }
      for (int g = 0; g < groups.size(); g++) {
        long ticks = 0;
        for (long pid : tree(groups.get(g), table)) {
          long[] row = table.get(pid);
          if (row != null && row[5] == 0) {
            ticks += row[1] + row[2] + row[3] + row[4];
          }
        }
        best[g] = Math.max(best[g], ticks / (double) ticksPerSecond);
      }
      pause(5);
    }
    return best;
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean hasZombie(List<Long> pids, Map<Long, long[]> table) {
    for (long pid : tree(pids, table)) {
      long[] row = table.get(pid);
      if (row != null && row[5] != 0) {
        return true;
      }
    }
    return false;
  }

  /** Returns the resident set of the trees rooted at {@code pids}, in KiB (VmRSS). */
  static long rssKib(List<Long> pids) {
    return status(pids, "VmRSS:");
  }

  /** Returns the peak resident set of the trees rooted at {@code pids}, in KiB (VmHWM). */
  static long peakRssKib(List<Long> pids) {
    return status(pids, "VmHWM:");
  }

  private static long status(List<Long> pids, String field) {
    long total = 0;
    for (long pid : tree(pids, table())) {
      try {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
          if (line.startsWith(field)) {
            total += Long.parseLong(line.substring(field.length()).replace("kB", "").trim());
          }
        }
      } catch (IOException | NumberFormatException e) {
        // the process ended: it holds no memory
      }
    }
    return total;
  }

  /** The pids and their descendants. */
  private static Set<Long> tree(List<Long> roots, Map<Long, long[]> table) {
    Map<Long, List<Long>> children = new HashMap<>();
    table.forEach((pid, row) -> children.computeIfAbsent(row[0], k -> new ArrayList<>()).add(pid));
    Set<Long> seen = new HashSet<>();
    Deque<Long> todo = new ArrayDeque<>(roots);
    while (!todo.isEmpty()) {
      long pid = todo.pop();
      if (seen.add(pid)) {
        todo.addAll(children.getOrDefault(pid, List.of()));
      }
    }
    return seen;
  }

  /** pid to {ppid, utime, stime, cutime, cstime, zombie ? 1 : 0} for every process. */
  private static Map<Long, long[]> table() {
    Map<Long, long[]> table = new HashMap<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path dir : dirs) {
        try {
          String stat = Files.readString(dir.resolve("stat"));
          // after "pid (comm) ": state ppid pgrp session tty tpgid flags minflt cminflt majflt
          // cmajflt utime stime cutime cstime ...; comm may hold spaces and parentheses
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          table.put(
              Long.parseLong(dir.getFileName().toString()),
              new long[] {
                Long.parseLong(f[1]),
                Long.parseLong(f[11]),
                Long.parseLong(f[12]),
                Long.parseLong(f[13]),
                Long.parseLong(f[14]),
                f[0].equals("Z") || f[0].equals("X") ? 1 : 0
              });
        } catch (IOException | RuntimeException e) {
          // the process ended while we looked
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc: " + e.getMessage(), e);
    }
    return table;
  }
}
