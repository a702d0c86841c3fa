package io.devstreams.hub.settings;

/**
 * A setting's value is not one the hub can run with; the message is one line that names the key,
 * what it must be and what it got, and the hub's start stops with it.
 */
public class SettingException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with its one-line message. */
  public SettingException(String message) {
    super(message);
  }

  /** Creates the exception with its one-line message and what caused it. */
  public SettingException(String message, Throwable cause) {
    super(message, cause);
  }
}
