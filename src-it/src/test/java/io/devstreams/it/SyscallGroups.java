package io.devstreams.it;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/** systemd's system call groups ({@code @system-service}...) expanded by systemd-analyze. */
final class SyscallGroups {
  private SyscallGroups() {}

  /** The system calls {@code name} stands for: itself, or a group's members, recursively. */
  static Set<String> expand(String name) {
    Set<String> calls = new HashSet<>();
    expand(name, calls, new HashSet<>());
    return calls;
  }

  private static void expand(String name, Set<String> calls, Set<String> groupsSeen) {
    if (!name.startsWith("@")) {
      calls.add(name);
      return;
    }
    if (!groupsSeen.add(name)) {
      return;
    }
    Commands.Result listed =
        Commands.run(Duration.ofSeconds(30), "systemd-analyze", "syscall-filter", name);
    if (listed.exitCode() != 0) {
      throw new AssertionError("systemd-analyze syscall-filter " + name + ": " + listed.output());
    }
    listed
        .output()
        .lines()
        .skip(1)
        .map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
        .forEach(l -> expand(l, calls, groupsSeen));
  }
}
