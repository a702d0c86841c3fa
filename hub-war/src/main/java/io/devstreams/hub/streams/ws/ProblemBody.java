package io.devstreams.hub.streams.ws;

/**
 * Writes the RFC 9457 problem body of a refused handshake, in the shape the REST endpoints use:
 * {@code type}, {@code title}, {@code status}, {@code detail} and Azure's {@code errorCode}.
 */
final class ProblemBody {

  /** The media type of the body. */
  static final String MEDIA_TYPE = "application/problem+json";

  private ProblemBody() {}

  /** Returns the JSON text. */
  static String json(int status, int errorCode, String detail) {
    return "{\"type\":\"about:blank\",\"title\":\""
        + title(status)
        + "\",\"status\":"
        + status
        + ",\"detail\":\""
        + escape(detail)
        + "\",\"errorCode\":"
        + errorCode
        + "}";
  }

  /** Returns the HTTP reason phrase of the statuses the streaming endpoint answers with. */
  static String title(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 405 -> "Method Not Allowed";
      case 426 -> "Upgrade Required";
      case 429 -> "Too Many Requests";
      case 503 -> "Service Unavailable";
      default -> "HTTP " + status;
    };
  }

  private static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
