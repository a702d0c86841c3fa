package io.devstreams.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A systemd unit file read as systemd reads its simple lines ({@code Key=value}, comments, one
 * section after another), for tests that do what the service manager would with it where no systemd
 * runs.
 */
final class SystemdUnit {
  private final Map<String, List<String>> values = new LinkedHashMap<>();

  private SystemdUnit() {}

  static SystemdUnit read(Path file) {
    SystemdUnit unit = new SystemdUnit();
    String section = "";
    try {
      for (String raw : Files.readAllLines(file)) {
        String line = raw.strip();
        if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
          continue;
        }
        if (line.startsWith("[")) {
          section = line.substring(1, line.indexOf(']'));
          continue;
        }
        int eq = line.indexOf('=');
        unit.values
            .computeIfAbsent(section + "." + line.substring(0, eq).strip(), k -> new ArrayList<>())
            .add(line.substring(eq + 1).strip());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return unit;
  }

  /** Every value of {@code key} in {@code section}, in order (none: empty). */
  List<String> all(String section, String key) {
    return values.getOrDefault(section + "." + key, List.of());
  }

  /** The last value of {@code key} in {@code section}; fails if there is none. */
  String one(String section, String key) {
    List<String> all = all(section, key);
    if (all.isEmpty()) {
      throw new AssertionError("the unit has no " + key + "= in [" + section + "]");
    }
    return all.get(all.size() - 1);
  }

  /** {@code ID:VALUE} settings (LoadCredential=, SetCredential=) as ID to VALUE, in order. */
  Map<String, String> credentials(String key) {
    Map<String, String> byId = new LinkedHashMap<>();
    for (String value : all("Service", key)) {
      int colon = value.indexOf(':');
      byId.put(value.substring(0, colon), value.substring(colon + 1));
    }
    return byId;
  }
}
