package io.devstreams.protocol.cli;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A setting's text and where it came from, so that a refusal names what to fix: {@code --proxy},
 * {@code HTTPS_PROXY} or {@code config file '/etc/devstreams/device.conf' line 3}.
 *
 * @param text the value as given (an environment variable's or a config file's stripped)
 * @param source where it came from, for messages
 * @param origin which kind of source that is
 */
public record Value(String text, String source, Origin origin) {

  /** The kinds of source, highest precedence first. */
  public enum Origin {
    /** An option on the command line. */
    FLAG,
    /** An environment variable. */
    ENVIRONMENT,
    /** A line of a config file. */
    CONFIG_FILE,
    /** A file holding a secret, named by one of the above. */
    SECRET_FILE
  }

  /** Checks that every part is given. */
  public Value {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(origin, "origin");
  }

  /**
   * Converts the text, turning a refusal into a usage error that names the source: {@code --proxy:
   * proxy URL 'x' is not http://[user:password@]host:port}.
   *
   * @throws UsageException if {@code conversion} throws an {@link IllegalArgumentException}
   */
  public <T> T as(Function<String, T> conversion) {
    try {
      return conversion.apply(text);
    } catch (IllegalArgumentException e) {
      throw new UsageException(source + ": " + e.getMessage(), e);
    }
  }

  /**
   * Returns the text if it is one of {@code choices}.
   *
   * @throws UsageException otherwise: {@code --protocol must be 1 or 2 (got '3')}
   */
  public String oneOf(List<String> choices) {
    if (choices.contains(text)) {
      return text;
    }
    String last = choices.get(choices.size() - 1);
    String listed =
        choices.size() == 1
            ? last
            : String.join(", ", choices.subList(0, choices.size() - 1)) + " or " + last;
    throw new UsageException(source + " must be " + listed + " (got '" + Echo.of(text) + "')");
  }
}
