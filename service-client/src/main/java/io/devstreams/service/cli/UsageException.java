package io.devstreams.service.cli;

/**
 * The command line or its configuration is wrong (exit code 2): unknown command or option, missing
 * argument, missing or bad connection string, unusable trust certificate file.
 */
final class UsageException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }

  UsageException(String message, Throwable cause) {
    super(message, cause);
  }
}
