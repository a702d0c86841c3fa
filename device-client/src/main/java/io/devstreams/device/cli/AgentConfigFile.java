package io.devstreams.device.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The agent's config file, {@code --config FILE} (the Debian package's is {@code
 * /etc/devstreams/device.conf}): one {@code option = value} a line, an option being one of the
 * agent's flags without its dashes ({@code service = ssh=127.0.0.1:22}); blank lines and lines
 * starting with {@code #} are ignored. A setting on the command line or in the environment wins
 * over the file's: the file's services are used only when no {@code --service} is given.
 */
final class AgentConfigFile {

  static final String FLAG = "--config";

  /** The file's options, each with the environment variables that win over it. */
  private static final Map<String, List<String>> OPTIONS =
      Map.of(
          "service", List.of(),
          "trust-cert", List.of(AgentArguments.TRUST_CERT_ENV),
          "proxy", List.of("HTTPS_PROXY", "https_proxy"),
          "connection-string-file", List.of(AgentArguments.CONNECTION_STRING_ENV),
          "cert", List.of(),
          "key", List.of());

  private AgentConfigFile() {}

  /**
   * Returns {@code args} without {@code --config FILE}, preceded by the file's settings that
   * neither the command line nor {@code env} gives; the arguments unchanged without {@code
   * --config}.
   *
   * @throws UsageException naming the file and line of a problem
   */
  static List<String> apply(List<String> args, Map<String, String> env) {
    List<String> rest = new ArrayList<>();
    String file = null;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String value;
      if (arg.equals(FLAG)) {
        if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
          throw new UsageException(FLAG + " needs a value");
        }
        value = args.get(++i);
      } else if (arg.startsWith(FLAG + "=")) {
        value = arg.substring(FLAG.length() + 1);
      } else {
        rest.add(arg);
        continue;
      }
      if (file != null) {
        throw new UsageException(FLAG + " is given twice");
      }
      if (value.isBlank()) {
        throw new UsageException(FLAG + " needs a value");
      }
      file = value;
    }
    if (file == null) {
      return args;
    }
    List<String> merged = new ArrayList<>();
    for (Setting setting : read(Path.of(file))) {
      if (!givenElsewhere(setting.option(), rest, env)) {
        merged.add("--" + setting.option() + "=" + setting.value());
      }
    }
    merged.addAll(rest);
    return merged;
  }

  private static boolean givenElsewhere(String option, List<String> args, Map<String, String> env) {
    String flag = "--" + option;
    boolean onCommandLine = args.stream().anyMatch(a -> a.equals(flag) || a.startsWith(flag + "="));
    return onCommandLine
        || OPTIONS.get(option).stream().anyMatch(v -> env.get(v) != null && !env.get(v).isBlank());
  }

  /** One line of the file: an option and its value. */
  record Setting(String option, String value) {}

  /** Reads the file's settings in order. */
  static List<Setting> read(Path file) {
    String source = "config file '" + file + "'";
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new UsageException(source + " does not exist");
    } catch (AccessDeniedException e) {
      throw new UsageException(source + " is not readable (permission denied)");
    } catch (IOException e) {
      throw new UsageException(source + " cannot be read: " + e.getMessage());
    }
    List<Setting> settings = new ArrayList<>();
    for (int n = 0; n < lines.size(); n++) {
      String line = lines.get(n).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = source + " line " + (n + 1) + ": ";
      int eq = line.indexOf('=');
      if (eq < 0) {
        // The line itself is not repeated: it may hold a secret (a proxy password).
        throw new UsageException(where + "expected 'option = value'");
      }
      String option = line.substring(0, eq).strip();
      String value = line.substring(eq + 1).strip();
      if (!OPTIONS.containsKey(option)) {
        throw new UsageException(
            where
                + "unknown option '"
                + option
                + "' (options: service, trust-cert, proxy, connection-string-file, cert, key)");
      }
      if (value.isEmpty()) {
        throw new UsageException(where + "'" + option + "' needs a value");
      }
      settings.add(new Setting(option, value));
    }
    return settings;
  }
}
