package io.devstreams.hub.registry;

import io.devstreams.hub.errors.HubException;
import java.util.ArrayList;
import java.util.List;

/** Splits a device query into tokens: words, string literals, numbers and symbols. */
final class DeviceQueryTokens {

  /** What a token is. */
  enum Kind {
    WORD,
    STRING,
    NUMBER,
    SYMBOL,
    END
  }

  /**
   * One token.
   *
   * @param kind what it is
   * @param text the word, the symbol, or a string literal's value without its quotes
   */
  record Token(Kind kind, String text) {

    /** Returns whether this is the word, in any case. */
    boolean isWord(String word) {
      return kind == Kind.WORD && text.equalsIgnoreCase(word);
    }

    /** Returns whether this is the symbol. */
    boolean isSymbol(String symbol) {
      return kind == Kind.SYMBOL && text.equals(symbol);
    }

    /** The token as a person would quote it in an error. */
    String shown() {
      return kind == Kind.END ? "the end of the query" : "'" + text + "'";
    }
  }

  private static final List<String> SYMBOLS =
      List.of("!=", "<>", "<=", ">=", "=", "<", ">", "(", ")", "[", "]", ",", "*", "+", "-", "/");

  private DeviceQueryTokens() {}

  /**
   * Returns the tokens of the query, ending with an {@link Kind#END} token.
   *
   * @throws HubException BAD_REQUEST for an unterminated string or a character no query uses
   */
  static List<Token> split(String query) {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    while (i < query.length()) {
      char c = query.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '\'' || c == '"') {
        int end = query.indexOf(c, i + 1);
        if (end < 0) {
          throw HubException.badRequest("query: a string literal is not closed");
        }
        tokens.add(new Token(Kind.STRING, query.substring(i + 1, end)));
        i = end + 1;
      } else if (Character.isLetter(c) || c == '_' || c == '$') {
        int end = i + 1;
        while (end < query.length() && isWordPart(query.charAt(end))) {
          end++;
        }
        tokens.add(new Token(Kind.WORD, query.substring(i, end)));
        i = end;
      } else if (Character.isDigit(c)) {
        int end = i + 1;
        while (end < query.length()
            && (Character.isDigit(query.charAt(end)) || query.charAt(end) == '.')) {
          end++;
        }
        tokens.add(new Token(Kind.NUMBER, query.substring(i, end)));
        i = end;
      } else {
        String symbol = symbolAt(query, i);
        tokens.add(new Token(Kind.SYMBOL, symbol));
        i += symbol.length();
      }
    }
    tokens.add(new Token(Kind.END, ""));
    return tokens;
  }

  private static boolean isWordPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '.';
  }

  private static String symbolAt(String query, int i) {
    for (String symbol : SYMBOLS) {
      if (query.startsWith(symbol, i)) {
        return symbol;
      }
    }
    throw HubException.badRequest(
        "query: unexpected character '" + query.charAt(i) + "' at position " + (i + 1));
  }
}
