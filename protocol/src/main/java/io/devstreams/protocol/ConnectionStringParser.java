package io.devstreams.protocol;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Splits a connection string into its named parts; {@link ConnectionString} validates them. */
final class ConnectionStringParser {

  private static final Set<String> KNOWN =
      Set.of(
          ConnectionString.HOST_NAME,
          ConnectionString.KEY_NAME,
          ConnectionString.DEVICE_ID,
          ConnectionString.KEY,
          ConnectionString.X509);

  private ConnectionStringParser() {}

  static ConnectionString parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("connection string is missing");
    }
    String body = text.strip();
    if (body.endsWith(";")) {
      body = body.substring(0, body.length() - 1);
    }
    if (body.isBlank()) {
      throw new IllegalArgumentException("connection string is empty");
    }
    Map<String, String> parts = new HashMap<>();
    String[] pieces = body.split(";", -1);
    for (int i = 0; i < pieces.length; i++) {
      String piece = pieces[i].strip();
      if (piece.isEmpty()) {
        throw new IllegalArgumentException("connection string part " + (i + 1) + " is empty");
      }
      int equals = piece.indexOf('=');
      if (equals < 0) {
        throw new IllegalArgumentException("connection string part " + (i + 1) + " has no '='");
      }
      String name = piece.substring(0, equals);
      if (!KNOWN.contains(name)) {
        throw new IllegalArgumentException(unknownPart(name, i + 1));
      }
      if (parts.put(name, piece.substring(equals + 1)) != null) {
        throw new IllegalArgumentException("connection string has " + name + " more than once");
      }
    }
    return new ConnectionString(
        parts.get(ConnectionString.HOST_NAME),
        parts.get(ConnectionString.KEY_NAME),
        parts.get(ConnectionString.DEVICE_ID),
        parts.get(ConnectionString.KEY),
        x509(parts.get(ConnectionString.X509)));
  }

  /** Azure writes {@code x509=true}; {@code false} is the same as leaving the part out. */
  private static boolean x509(String value) {
    if (value == null || value.equalsIgnoreCase("false")) {
      return false;
    }
    if (value.equalsIgnoreCase("true")) {
      return true;
    }
    throw new IllegalArgumentException(
        ConnectionString.X509 + " in the connection string must be true or false");
  }

  /**
   * Names an unknown part only when it looks like a part name (1-24 ASCII letters): a part that is
   * really a pasted key must not reach a log.
   */
  private static String unknownPart(String name, int position) {
    if (name.matches("[A-Za-z]{1,24}")) {
      return "unknown part '" + name + "' in connection string";
    }
    return "unknown part " + position + " in connection string";
  }
}
