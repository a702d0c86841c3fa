package io.devstreams.hub.registry;

import io.devstreams.hub.errors.HubException;
import io.devstreams.hub.registry.DeviceCondition.Field;
import io.devstreams.hub.registry.DeviceQueryTokens.Kind;
import io.devstreams.hub.registry.DeviceQueryTokens.Token;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A device query in the part of Azure IoT Hub's query language that devstreams supports: {@code
 * SELECT * FROM devices}, optionally with a {@code WHERE} of comparisons on {@code deviceId},
 * {@code status}, {@code connectionState} and {@code authenticationType} ({@code =}, {@code !=},
 * {@code <>}, {@code IN [...]}, {@code NIN [...]}) joined with {@code AND}, {@code OR}, {@code NOT}
 * and parentheses. Keywords are read in any case, and a field may be written {@code
 * devices.status}.
 *
 * <p>Everything else in Azure's language is refused with a one-line reason: projections ({@code
 * SELECT deviceId}, {@code COUNT()}), {@code GROUP BY} and {@code ORDER BY}, other sources ({@code
 * devices.modules}, {@code devices.jobs}), tags and twin properties, functions ({@code
 * STARTS_WITH}, {@code IS_DEFINED}), ordering operators and literals other than strings.
 *
 * @param where the condition every returned device satisfies
 */
public record DeviceQuery(DeviceCondition where) {

  /** The deepest nesting of parentheses and {@code NOT} a query may have. */
  public static final int MAX_DEPTH = 32;

  /** Checks the condition. */
  public DeviceQuery {
    Objects.requireNonNull(where, "where");
  }

  /** Returns whether the device is one the query selects. */
  public boolean matches(DeviceView device) {
    return where.test(device);
  }

  /**
   * Parses a query.
   *
   * @throws HubException BAD_REQUEST starting {@code query:} and naming what is not supported
   */
  public static DeviceQuery parse(String text) {
    if (text == null || text.isBlank()) {
      throw HubException.badRequest("query: the query is empty");
    }
    return new Parser(DeviceQueryTokens.split(text)).query();
  }

  /** A recursive-descent parser over the tokens; one per query. */
  private static final class Parser {
    private final List<Token> tokens;
    private int next;

    Parser(List<Token> tokens) {
      this.tokens = tokens;
    }

    DeviceQuery query() {
      expectWord("SELECT", "a query starts with SELECT * FROM devices");
      if (!peek().isSymbol("*") || !tokens.get(next + 1).isWord("FROM")) {
        throw unsupported(
            "only SELECT * is supported (projections, COUNT() and aliases are not)", peek());
      }
      next += 2;
      Token source = take();
      if (!source.isWord("devices")) {
        throw HubException.badRequest(
            "query: only FROM devices is supported (got " + source.shown() + ")");
      }
      DeviceCondition where = DeviceCondition.ALL;
      if (peek().isWord("WHERE")) {
        next++;
        where = or(0);
      }
      Token rest = peek();
      if (rest.kind() != Kind.END) {
        String clause =
            rest.isWord("GROUP") || rest.isWord("ORDER")
                ? rest.text().toUpperCase(java.util.Locale.ROOT) + " BY is not supported"
                : "unexpected " + rest.shown();
        throw HubException.badRequest("query: " + clause);
      }
      return new DeviceQuery(where);
    }

    private DeviceCondition or(int depth) {
      DeviceCondition left = and(depth);
      while (peek().isWord("OR")) {
        next++;
        left = new DeviceCondition.Or(left, and(depth));
      }
      return left;
    }

    private DeviceCondition and(int depth) {
      DeviceCondition left = unary(depth);
      while (peek().isWord("AND")) {
        next++;
        left = new DeviceCondition.And(left, unary(depth));
      }
      return left;
    }

    private DeviceCondition unary(int depth) {
      if (depth >= MAX_DEPTH) {
        throw HubException.badRequest(
            "query: nested more than " + MAX_DEPTH + " levels deep (parentheses and NOT)");
      }
      if (peek().isWord("NOT")) {
        next++;
        return new DeviceCondition.Not(unary(depth + 1));
      }
      if (peek().isSymbol("(")) {
        next++;
        DeviceCondition inner = or(depth + 1);
        expectSymbol(")");
        return inner;
      }
      return comparison();
    }

    private DeviceCondition comparison() {
      Field field = field(take());
      Token operator = take();
      if (operator.isSymbol("=") || operator.isSymbol("!=") || operator.isSymbol("<>")) {
        return new DeviceCondition.Comparison(field, List.of(literal()), !operator.isSymbol("="));
      }
      if (operator.isWord("IN") || operator.isWord("NIN")) {
        return new DeviceCondition.Comparison(field, list(), operator.isWord("NIN"));
      }
      throw unsupported(
          "operator " + operator.shown() + " is not supported; use =, !=, <>, IN or NIN", null);
    }

    private Field field(Token token) {
      if (token.kind() != Kind.WORD) {
        throw unsupported("expected a field name", token);
      }
      String name = token.text().startsWith("devices.") ? token.text().substring(8) : token.text();
      if (peek().isSymbol("(")) {
        throw unsupported("function '" + token.text() + "' is not supported", null);
      }
      return Arrays.stream(Field.values())
          .filter(f -> f.queryName().equals(name))
          .findFirst()
          .orElseThrow(
              () ->
                  unsupported(
                      "field '"
                          + token.text()
                          + "' is not supported; devstreams queries deviceId, status,"
                          + " connectionState and authenticationType",
                      null));
    }

    private List<String> list() {
      expectSymbol("[");
      List<String> values = new ArrayList<>();
      values.add(literal());
      while (peek().isSymbol(",")) {
        next++;
        values.add(literal());
      }
      expectSymbol("]");
      return values;
    }

    private String literal() {
      Token token = take();
      if (token.kind() != Kind.STRING) {
        throw unsupported("compare with a string literal in quotes", token);
      }
      return token.text();
    }

    private void expectWord(String word, String hint) {
      Token token = take();
      if (!token.isWord(word)) {
        throw unsupported(hint, token);
      }
    }

    private void expectSymbol(String symbol) {
      Token token = take();
      if (!token.isSymbol(symbol)) {
        throw unsupported("expected '" + symbol + "'", token);
      }
    }

    private Token peek() {
      return tokens.get(next);
    }

    private Token take() {
      Token token = tokens.get(next);
      if (token.kind() != Kind.END) {
        next++;
      }
      return token;
    }

    private static HubException unsupported(String reason, Token got) {
      return HubException.badRequest(
          "query: " + reason + (got == null ? "" : " (got " + got.shown() + ")"));
    }
  }
}
