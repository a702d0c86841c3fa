package io.devstreams.protocol.cli;

/**
 * The command line or a setting is wrong (exit code 2): the message is one line that says what to
 * fix and never repeats a secret.
 */
public final class UsageException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** A usage error with its one-line message. */
  public UsageException(String message) {
    super(message);
  }

  /** A usage error caused by a lower-level refusal, kept for debugging. */
  public UsageException(String message, Throwable cause) {
    super(message, cause);
  }
}
