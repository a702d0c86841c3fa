package io.devstreams.service.cli;

/**
 * A command failed while running, for a reason its message already says in full (exit code 1): a
 * port in use, a stream that ended abnormally.
 */
final class CommandException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  CommandException(String message) {
    super(message);
  }

  CommandException(String message, Throwable cause) {
    super(message, cause);
  }
}
