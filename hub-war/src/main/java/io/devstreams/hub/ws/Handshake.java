package io.devstreams.hub.ws;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Checks an RFC 6455 opening handshake (section 4.2.1) and reads the stream id and bearer token,
 * from plain strings so that it is tested without a container.
 */
public final class Handshake {

  /** The GUID RFC 6455 appends to the client's key. */
  public static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  private static final Pattern STREAM_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final String BEARER = "bearer ";

  /**
   * The result of checking a handshake.
   *
   * @param accept the {@code Sec-WebSocket-Accept} value, or null when refused
   * @param status the HTTP status of a refusal (400, 405 or 426), or 101
   * @param detail why it was refused, for the problem body
   */
  public record Outcome(String accept, int status, String detail) {

    public boolean accepted() {
      return accept != null;
    }
  }

  private Handshake() {}

  /** Checks method, {@code Upgrade}, {@code Connection}, version and key, in that order. */
  public static Outcome check(String method, Function<String, List<String>> headers) {
    if (!"GET".equals(method)) {
      return refuse(405, "a stream is opened with a GET WebSocket handshake");
    }
    if (!hasToken(headers.apply("Upgrade"), "websocket")) {
      return refuse(400, "not a WebSocket handshake: 'Upgrade: websocket' is missing");
    }
    if (!hasToken(headers.apply("Connection"), "upgrade")) {
      return refuse(400, "not a WebSocket handshake: 'Connection: Upgrade' is missing");
    }
    List<String> versions = headers.apply("Sec-WebSocket-Version");
    if (versions.isEmpty()) {
      return refuse(400, "Sec-WebSocket-Version is missing");
    }
    if (!versions.equals(List.of("13"))) {
      return refuse(426, "WebSocket version 13 is required");
    }
    List<String> keys = headers.apply("Sec-WebSocket-Key");
    if (keys.size() != 1 || !isValidKey(keys.get(0).trim())) {
      return refuse(400, "Sec-WebSocket-Key must be one base64 value of 16 bytes");
    }
    return new Outcome(acceptFor(keys.get(0).trim()), 101, "");
  }

  /** Returns the {@code Sec-WebSocket-Accept} value for a client key. */
  public static String acceptFor(String key) {
    try {
      byte[] sha1 =
          MessageDigest.getInstance("SHA-1")
              .digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(sha1);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is missing from this JDK", e);
    }
  }

  /** Returns the token of the one {@code Authorization: Bearer} header, or null. */
  public static String bearerToken(List<String> authorization) {
    if (authorization.size() != 1) {
      return null;
    }
    String value = authorization.get(0).trim();
    if (!value.toLowerCase(Locale.ROOT).startsWith(BEARER)) {
      return null;
    }
    String token = value.substring(BEARER.length()).trim();
    return token.isEmpty() || token.contains(" ") ? null : token;
  }

  /** Returns the stream id from a path info such as {@code /abc}, or null if it cannot be one. */
  public static String streamId(String pathInfo) {
    if (pathInfo == null || !pathInfo.startsWith("/")) {
      return null;
    }
    String id = pathInfo.substring(1);
    return STREAM_ID.matcher(id).matches() ? id : null;
  }

  private static Outcome refuse(int status, String detail) {
    return new Outcome(null, status, detail);
  }

  private static boolean hasToken(List<String> values, String token) {
    for (String value : values) {
      for (String part : value.split(",")) {
        if (part.trim().equalsIgnoreCase(token)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isValidKey(String key) {
    try {
      return Base64.getDecoder().decode(key).length == 16;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
