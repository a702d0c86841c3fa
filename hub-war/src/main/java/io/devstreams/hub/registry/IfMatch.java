package io.devstreams.hub.registry;

import io.devstreams.hub.errors.HubException;
import java.util.List;

/**
 * A parsed {@code If-Match} condition: {@code *} or a list of etags, quoted or not.
 *
 * <p>Azure's SDKs send the etag in quotes, others bare; both are accepted. A quoted star ({@code
 * "*"}), which Azure's Node.js SDK sends on every update and delete, means any version, as it does
 * in Azure. Weak etags ({@code W/}) never match, as RFC 9110 requires for {@code If-Match}.
 *
 * @param any true for {@code *}
 * @param etags the etags listed, unquoted; empty for {@code *}
 */
public record IfMatch(boolean any, List<String> etags) {

  /** The condition that any current version satisfies. */
  public static final IfMatch ANY = new IfMatch(true, List.of());

  /** Copies the etags. */
  public IfMatch {
    etags = List.copyOf(etags);
  }

  /**
   * Parses a header value; null (no header) is returned as null.
   *
   * @throws HubException BAD_REQUEST if the value is empty or lists an empty etag
   */
  public static IfMatch parse(String header) {
    if (header == null) {
      return null;
    }
    String value = header.strip();
    if (value.equals("*") || value.equals("\"*\"")) {
      return ANY;
    }
    List<String> etags =
        List.of(value.split(",", -1)).stream().map(String::strip).map(IfMatch::unquote).toList();
    if (etags.stream().anyMatch(String::isEmpty)) {
      throw HubException.badRequest("If-Match must be * or a list of etags (got an empty etag)");
    }
    return new IfMatch(false, etags);
  }

  /** Returns whether the current etag satisfies this condition. */
  public boolean matches(String currentEtag) {
    return any || etags.contains(currentEtag);
  }

  private static String unquote(String etag) {
    if (etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")) {
      return etag.substring(1, etag.length() - 1);
    }
    return etag;
  }
}
