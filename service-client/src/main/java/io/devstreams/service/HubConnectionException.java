package io.devstreams.service;

import java.net.URI;
import java.util.Objects;

/**
 * The hub could not be talked to: no connection, a TLS failure, a timeout, or an answer that does
 * not follow the protocol. The message says which, and names the hub's URI.
 */
public final class HubConnectionException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** What went wrong, so that callers can give specific advice. */
  public enum Reason {
    /** No connection: refused, unknown host, reset, network unreachable. */
    UNREACHABLE,
    /** No connection or no answer in time. */
    TIMEOUT,
    /** The hub's certificate does not chain to a trusted certificate. */
    UNTRUSTED_CERTIFICATE,
    /**
     * Any other TLS failure: wrong host name in the certificate, not a TLS port, no common cipher.
     */
    TLS_FAILURE,
    /** The hub answered with something that is not the protocol (for example not JSON). */
    BAD_RESPONSE,
    /** The calling thread was interrupted while waiting. */
    INTERRUPTED
  }

  private final Reason reason;
  private final transient URI hub;

  /** Creates the exception; the message must not contain a key or a token. */
  public HubConnectionException(Reason reason, URI hub, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.hub = Objects.requireNonNull(hub, "hub");
  }

  /** Returns what went wrong. */
  public Reason reason() {
    return reason;
  }

  /** Returns the base URI of the hub that could not be talked to. */
  public URI hub() {
    return hub;
  }
}
