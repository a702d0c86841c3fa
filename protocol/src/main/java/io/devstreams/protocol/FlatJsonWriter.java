package io.devstreams.protocol;

import java.util.Map;

/** Writes a flat JSON object of string, boolean and null members, in pure ASCII. */
final class FlatJsonWriter {

  private FlatJsonWriter() {}

  static String write(Map<String, Object> members) {
    StringBuilder out = new StringBuilder(64);
    out.append('{');
    for (Map.Entry<String, Object> member : members.entrySet()) {
      if (out.length() > 1) {
        out.append(',');
      }
      quote(member.getKey(), out);
      out.append(':');
      Object value = member.getValue();
      if (value instanceof String text) {
        quote(text, out);
      } else {
        out.append(value);
      }
    }
    return out.append('}').toString();
  }

  private static void quote(String text, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || c >= 0x7f) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
