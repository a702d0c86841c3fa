package io.devstreams.hub.config;

/**
 * The hub cannot start, for a reason its message names in one line (a file, a setting); {@link
 * StartupGuard} prints that message and stops the hub.
 */
public class StartupException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with the one-line reason. */
  public StartupException(String message) {
    super(message);
  }

  /** Creates the exception with the one-line reason and what caused it. */
  public StartupException(String message, Throwable cause) {
    super(message, cause);
  }
}
