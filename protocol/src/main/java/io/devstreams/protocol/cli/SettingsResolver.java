package io.devstreams.protocol.cli;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Finds each setting of a program by one precedence: the command line, then the environment, then
 * the config file (a program's defaults apply when none gives it). Values remember where they came
 * from, so that a refusal names the flag, variable or config file line to fix.
 */
public final class SettingsResolver {

  private final Arguments arguments;
  private final Map<String, String> env;
  private final ConfigFile config;

  /**
   * A resolver over a parsed command line, an environment and a config file ({@link
   * ConfigFile#NONE} for none).
   */
  public SettingsResolver(Arguments arguments, Map<String, String> env, ConfigFile config) {
    this.arguments = Objects.requireNonNull(arguments, "arguments");
    this.env = Map.copyOf(env);
    this.config = Objects.requireNonNull(config, "config");
  }

  /**
   * Returns the option's value from the command line, else from the first of {@code variables} that
   * is set and not blank, else from the config file; empty if none gives it.
   */
  public Optional<Value> find(OptionSpec option, String... variables) {
    Optional<String> flag = arguments.value(option);
    if (flag.isPresent()) {
      return Optional.of(new Value(flag.get(), option.name(), Value.Origin.FLAG));
    }
    for (String variable : variables) {
      Optional<Value> set = environment(variable);
      if (set.isPresent()) {
        return set;
      }
    }
    return config.values(option).stream().findFirst();
  }

  /**
   * Returns every value of a repeatable option: the command line's if it gives any (they replace
   * the config file's), else the config file's.
   */
  public List<Value> findAll(OptionSpec option) {
    List<String> flags = arguments.values(option);
    if (flags.isEmpty()) {
      return config.values(option);
    }
    return flags.stream()
        .map(text -> new Value(text, option.name(), Value.Origin.FLAG))
        .collect(Collectors.toList());
  }

  /** Returns the environment variable's value, stripped, if it is set and not blank. */
  public Optional<Value> environment(String variable) {
    String text = env.get(variable);
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(new Value(text.strip(), variable, Value.Origin.ENVIRONMENT));
  }

  /**
   * Returns a secret: from the file its option names on the command line, else from its environment
   * variable, else from the file the config file names. The text is stripped; the source names the
   * variable or the file, never the secret.
   *
   * @throws UsageException if none gives it, or its file cannot be read or is empty
   */
  public Value secret(SecretSetting secret) {
    Optional<String> file = arguments.value(secret.fileOption());
    if (file.isPresent()) {
      return readSecret(secret, file.get());
    }
    Optional<Value> fromEnv = environment(secret.env());
    if (fromEnv.isPresent()) {
      return fromEnv.get();
    }
    Optional<Value> configured = config.values(secret.fileOption()).stream().findFirst();
    if (configured.isPresent()) {
      return readSecret(secret, configured.get().text());
    }
    throw new UsageException(secret.missing(env.get(secret.env()) != null));
  }

  private static Value readSecret(SecretSetting secret, String file) {
    String source = secret.fileSource(file);
    String text = TextFiles.read(file, source);
    if (text.isBlank()) {
      throw new UsageException(source + " is empty");
    }
    return new Value(text.strip(), source, Value.Origin.SECRET_FILE);
  }

  /** Returns the environment, for settings read from several variables together. */
  public Map<String, String> env() {
    return env;
  }
}
