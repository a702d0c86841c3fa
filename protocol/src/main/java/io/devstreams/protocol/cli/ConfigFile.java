package io.devstreams.protocol.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A config file of settings, one {@code option = value} a line, an option being a program's flag
 * without its dashes ({@code service = ssh=127.0.0.1:22}); blank lines and lines starting with
 * {@code #} are ignored. A line that is not understood is refused without being repeated, since it
 * may hold a secret (a proxy password).
 */
public final class ConfigFile {

  /** No config file: every lookup finds nothing. */
  public static final ConfigFile NONE = new ConfigFile("", List.of());

  /**
   * One setting of the file.
   *
   * @param option the option it sets
   * @param value its value, stripped
   * @param line its line number, from 1
   */
  public record Entry(OptionSpec option, String value, int line) {

    /** Checks that every part is given and the line number is positive. */
    public Entry {
      Objects.requireNonNull(option, "option");
      Objects.requireNonNull(value, "value");
      if (line < 1) {
        throw new IllegalArgumentException("line numbers start at 1");
      }
    }
  }

  private final String label;
  private final List<Entry> entries;

  private ConfigFile(String label, List<Entry> entries) {
    this.label = label;
    this.entries = List.copyOf(entries);
  }

  /**
   * Reads and checks a config file.
   *
   * @param file the file's name as given
   * @param options the options a file may set, in the order a refusal lists them
   * @throws UsageException naming the file, and the line, of a problem
   */
  public static ConfigFile read(String file, List<OptionSpec> options) {
    String label = "config file '" + file + "'";
    Map<String, OptionSpec> byKey = new LinkedHashMap<>();
    options.forEach(option -> byKey.put(option.key(), option));
    List<String> lines = TextFiles.read(file, label).lines().collect(Collectors.toList());
    List<Entry> entries = new ArrayList<>();
    for (int n = 1; n <= lines.size(); n++) {
      String line = lines.get(n - 1).strip();
      if (!line.isEmpty() && !line.startsWith("#")) {
        Entry entry = entry(line, n, byKey, label + " line " + n + ": ");
        if (!entry.option().repeatable()
            && entries.stream().anyMatch(e -> e.option() == entry.option())) {
          throw new UsageException(
              label + " line " + n + ": '" + entry.option().key() + "' is given more than once");
        }
        entries.add(entry);
      }
    }
    return new ConfigFile(label, entries);
  }

  private static Entry entry(String line, int n, Map<String, OptionSpec> byKey, String where) {
    int equals = line.indexOf('=');
    if (equals < 0) {
      throw new UsageException(where + "expected 'option = value'");
    }
    String key = line.substring(0, equals).strip();
    String value = line.substring(equals + 1).strip();
    OptionSpec option = byKey.get(key);
    if (option == null) {
      throw new UsageException(
          where
              + "unknown option '"
              + Echo.of(key)
              + "' (options: "
              + String.join(", ", byKey.keySet())
              + ")");
    }
    if (value.isEmpty()) {
      throw new UsageException(where + "'" + key + "' needs a value");
    }
    return new Entry(option, value, n);
  }

  /** Returns the file's values of the option, in order; empty if the file does not set it. */
  public List<Value> values(OptionSpec option) {
    return entries.stream()
        .filter(entry -> entry.option().equals(option))
        .map(entry -> new Value(entry.value(), source(entry), Value.Origin.CONFIG_FILE))
        .collect(Collectors.toList());
  }

  /** Returns every entry in the order of the file. */
  public List<Entry> entries() {
    return entries;
  }

  private String source(Entry entry) {
    return label + " line " + entry.line();
  }
}
