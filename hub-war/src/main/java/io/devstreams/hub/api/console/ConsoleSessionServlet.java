package io.devstreams.hub.api.console;

import io.devstreams.hub.auth.Principal;
import io.devstreams.hub.auth.Right;
import io.devstreams.hub.console.ConsoleSession;
import io.devstreams.hub.console.ConsoleSessions;
import io.devstreams.hub.console.SignIn;
import io.devstreams.hub.errors.HubException;
import io.devstreams.protocol.ErrorCode;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;

/**
 * Sign-in ({@code POST}), the current session ({@code GET}) and sign-out ({@code DELETE}) at {@code
 * /console/api/session}.
 *
 * <p>Signing in is authentication itself, so it is a servlet, outside the REST API's rights filter.
 * It takes JSON only ({@code {"policy": ..., "key": ...}}, at most {@value #MAX_BODY} bytes), which
 * a cross-site form cannot send, and refuses a request whose {@code Origin} or {@code
 * Sec-Fetch-Site} says it came from another site. The answer sets the session cookie (HttpOnly,
 * Secure, SameSite=Strict) and carries the CSRF token, never the key.
 */
@WebServlet(urlPatterns = "/console/api/session", asyncSupported = true)
public class ConsoleSessionServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  /** The largest sign-in body read. */
  static final int MAX_BODY = 4096;

  @Inject transient ConsoleSessions sessions;

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
    try {
      ConsoleSessions.Active active = sessions.active(cookie(req), null, false);
      writeSession(res, active.session(), active.principal());
    } catch (HubException e) {
      ServletProblems.write(res, e);
    }
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
    try {
      checkSameSite(req);
      JsonObject body = readBody(req);
      SignIn signIn = sessions.signIn(text(body, "policy"), text(body, "key"), req.getRemoteAddr());
      // The cookie outlives the session by as long as the hub remembers an expired one: a cookie
      // that ended with the session (a second early, rounded down) made the browser stop sending
      // it, and the page's next request heard "not signed in" instead of "your session expired".
      long maxAge =
          Duration.between(Instant.now(), signIn.session().expiresAt())
              .plus(ConsoleSessions.REMEMBER_EXPIRED)
              .toSeconds();
      res.addHeader("Set-Cookie", cookie(signIn.cookieValue(), maxAge));
      writeSession(res, signIn.session(), signIn.principal());
    } catch (HubException e) {
      ServletProblems.write(res, e);
    }
  }

  @Override
  protected void doDelete(HttpServletRequest req, HttpServletResponse res) throws IOException {
    try {
      checkSameSite(req);
      sessions.signOut(cookie(req), req.getHeader(ConsoleSessions.CSRF_HEADER));
      res.addHeader("Set-Cookie", cookie("", 0));
      res.setStatus(HttpServletResponse.SC_NO_CONTENT);
    } catch (HubException e) {
      ServletProblems.write(res, e);
    }
  }

  private static void writeSession(
      HttpServletResponse res, ConsoleSession session, Principal principal) throws IOException {
    JsonArrayBuilder rights = Json.createArrayBuilder();
    for (Right right : Right.values()) {
      if (principal.has(right)) {
        rights.add(right.wireName());
      }
    }
    JsonObject json =
        Json.createObjectBuilder()
            .add("policy", session.policy())
            .add("rights", rights)
            .add("expiresAt", session.expiresAt().toString())
            .add("csrfToken", session.csrfToken())
            .build();
    res.setContentType("application/json");
    res.setCharacterEncoding("UTF-8");
    res.getWriter().write(json.toString());
  }

  /** The session cookie: only this origin's pages send it, and no script can read it. */
  private static String cookie(String value, long maxAgeSeconds) {
    return ConsoleSessions.COOKIE
        + "="
        + value
        + "; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age="
        + maxAgeSeconds;
  }

  private static String cookie(HttpServletRequest req) {
    Cookie[] cookies = req.getCookies();
    if (cookies == null) {
      return null;
    }
    for (Cookie c : cookies) {
      if (ConsoleSessions.COOKIE.equals(c.getName())) {
        return c.getValue();
      }
    }
    return null;
  }

  /** Refuses a request that a page of another site made (a browser says so in these headers). */
  private static void checkSameSite(HttpServletRequest req) {
    String origin = req.getHeader("Origin");
    String site = req.getHeader("Sec-Fetch-Site");
    boolean foreignOrigin =
        origin != null && !origin.equalsIgnoreCase("https://" + req.getHeader("Host"));
    boolean foreignSite = site != null && !site.equals("same-origin") && !site.equals("none");
    if (foreignOrigin || foreignSite) {
      throw HubException.forbidden(
          "the console accepts sign-in and sign-out from its own page only");
    }
  }

  private static JsonObject readBody(HttpServletRequest req) throws IOException {
    String type = req.getContentType();
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      throw new HubException(
          HubException.Kind.UNSUPPORTED_MEDIA_TYPE,
          ErrorCode.UNSUPPORTED_MEDIA_TYPE,
          "sign-in takes application/json: {\"policy\": \"...\", \"key\": \"...\"}");
    }
    InputStream in = req.getInputStream();
    byte[] body = in.readNBytes(MAX_BODY + 1);
    if (body.length > MAX_BODY) {
      throw HubException.tooLarge(MAX_BODY);
    }
    try (JsonReader reader = Json.createReader(new ByteArrayInputStream(body))) {
      return reader.readObject();
    } catch (JsonException | IllegalStateException e) {
      throw HubException.badRequest(
          "sign-in takes a JSON object: {\"policy\": \"...\", \"key\": \"...\"}");
    }
  }

  private static String text(JsonObject body, String name) {
    return body.get(name) instanceof JsonString s ? s.getString() : null;
  }
}
