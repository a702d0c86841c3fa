package io.devstreams.device.cli;

/** A bad flag, argument or setting: the agent prints the message and exits with status 2. */
final class UsageException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message, null, false, false);
  }
}
