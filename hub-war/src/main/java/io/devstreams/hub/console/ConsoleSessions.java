package io.devstreams.hub.console;

import io.devstreams.hub.auth.PolicyKeyCheck;
import io.devstreams.hub.auth.Principal;
import io.devstreams.hub.errors.HubException;
import io.devstreams.hub.settings.ConsoleSettings;
import io.devstreams.protocol.ErrorCode;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The console's sessions: a policy name and key exchanged for a random session secret (the
 * browser's HttpOnly cookie) and a CSRF token, checked on every console request.
 *
 * <p>A session stands for its policy: every request gets the policy's rights as they are now, and
 * ends the session if the policy is gone or no longer has the key signed in with. Sessions last a
 * fixed time ({@link ConsoleSettings#sessionLifetime()}), are not extended by use, and are kept
 * only in this hub's memory (a restart signs everyone out). The table is keyed by the SHA-256 of
 * the secret, so neither a heap dump nor timing gives a live cookie away.
 */
@ApplicationScoped
public class ConsoleSessions {

  /** The header that must carry the session's CSRF token on every change. */
  public static final String CSRF_HEADER = "X-CSRF-Token";

  /**
   * The session cookie's name; the {@code __Host-} prefix makes browsers refuse it unless it is
   * Secure, has Path=/ and no Domain, so no other site or subdomain can set it.
   */
  public static final String COOKIE = "__Host-devstreams-console";

  /** The path (relative to the hub's root, no leading slash) under which the console's API lies. */
  public static final String API_PATH = "console/api/";

  /**
   * How long an expired session is remembered, to say "expired" rather than "not signed in"; its
   * cookie lives as long, so that the browser still sends it.
   */
  public static final Duration REMEMBER_EXPIRED = Duration.ofHours(1);

  private static final System.Logger LOG = System.getLogger(ConsoleSessions.class.getName());

  private final Map<String, ConsoleSession> sessions = new ConcurrentHashMap<>();
  private final SessionSecrets secrets = new SessionSecrets();
  private ConsoleSettings settings;
  private PolicyKeyCheck keys;
  private Clock clock;

  @Resource private ManagedScheduledExecutorService scheduler;
  private ScheduledFuture<?> sweeping;

  /** For the CDI client proxy only. */
  protected ConsoleSessions() {}

  /**
   * Creates the sessions with their settings and clock; nothing sweeps until the container starts
   * them.
   */
  @Inject
  public ConsoleSessions(ConsoleSettings settings, PolicyKeyCheck keys, Clock clock) {
    this.settings = settings;
    this.keys = keys;
    this.clock = clock;
  }

  /**
   * Signs in with a policy's name and key.
   *
   * @param remote the caller's address, for the log only
   * @throws HubException UNAUTHORIZED with one message for a wrong key and an unknown policy
   */
  public SignIn signIn(String policy, String key, String remote) {
    Principal principal;
    try {
      principal = keys.authenticate(policy, key, remote);
    } catch (HubException e) {
      throw new HubException(
          HubException.Kind.UNAUTHORIZED,
          ErrorCode.UNAUTHORIZED,
          "sign-in failed: wrong policy name or key");
    }
    Instant now = clock.instant();
    String secret = secrets.newSecret();
    ConsoleSession session =
        new ConsoleSession(
            principal.name(),
            PolicyKeyCheck.digest(key),
            secrets.newSecret(),
            now,
            now.plus(settings.sessionLifetime()));
    sessions.put(SessionSecrets.digest(secret), session);
    evictBeyondLimit();
    LOG.log(
        Level.INFO,
        "console: policy ''{0}'' signed in from {1}; the session ends at {2}",
        principal.name(),
        remote,
        session.expiresAt());
    return new SignIn(secret, session, principal);
  }

  /**
   * Returns the principal a console request acts as: the session's policy with its rights now.
   *
   * @param cookie the session cookie's value, or null
   * @param csrfToken the {@value #CSRF_HEADER} header, or null
   * @param change whether the request changes anything (every method but GET and HEAD): then the
   *     CSRF token must be the session's
   * @throws HubException UNAUTHORIZED (no, ended or invalidated session) or FORBIDDEN (a change
   *     without the session's CSRF token), each with a message saying what to do
   */
  public Principal authenticate(String cookie, String csrfToken, boolean change) {
    return active(cookie, csrfToken, change).principal();
  }

  /**
   * Returns the live session behind a cookie and its principal, as {@link #authenticate} checks
   * them.
   */
  public Active active(String cookie, String csrfToken, boolean change) {
    String key = cookie == null || cookie.isEmpty() ? null : SessionSecrets.digest(cookie);
    ConsoleSession session = key == null ? null : sessions.get(key);
    if (session == null) {
      throw unauthorized(
          "not signed in to the console (no session, or it was signed out): sign in");
    }
    if (session.expiredAt(clock.instant())) {
      throw unauthorized(
          "your console session expired at " + session.expiresAt() + ": sign in again");
    }
    if (change && !csrfMatches(session, csrfToken)) {
      throw HubException.forbidden(
          "this change was refused: it lacks the console session's "
              + CSRF_HEADER
              + " header (reload the console and try again)");
    }
    Principal principal =
        keys.current(session.policy(), session.keyDigest())
            .orElseThrow(
                () -> {
                  sessions.remove(key);
                  return unauthorized(
                      "policy '"
                          + session.policy()
                          + "' or its key changed since you signed in: sign in again");
                });
    return new Active(key, session, principal);
  }

  /**
   * Ends the session behind a cookie; a change like any other, so it needs the CSRF token. Ending a
   * session that has already ended does nothing.
   *
   * @throws HubException FORBIDDEN for a live session without its CSRF token
   */
  public void signOut(String cookie, String csrfToken) {
    if (cookie == null || cookie.isEmpty()) {
      return;
    }
    String key = SessionSecrets.digest(cookie);
    ConsoleSession session = sessions.get(key);
    if (session == null || session.expiredAt(clock.instant())) {
      // An expired session stays until the sweep, so that every later request says "expired"
      // (a page that signs out on seeing it raced its own feed's answer otherwise).
      return;
    }
    if (!csrfMatches(session, csrfToken)) {
      throw HubException.forbidden(
          "sign-out was refused: it lacks the console session's " + CSRF_HEADER + " header");
    }
    sessions.remove(key);
    LOG.log(Level.INFO, "console: policy ''{0}'' signed out", session.policy());
  }

  /** Returns whether a request path (with or without its leading slash) is the console's API. */
  public static boolean isConsoleApi(String path) {
    return path != null && (path.startsWith(API_PATH) || path.startsWith("/" + API_PATH));
  }

  /** Returns whether a request with this method changes anything (all but GET, HEAD, OPTIONS). */
  public static boolean isChange(String method) {
    return !("GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method));
  }

  /** Returns the table key of the session behind a cookie, or null for no cookie. */
  public static String sessionKey(String cookie) {
    return cookie == null || cookie.isEmpty() ? null : SessionSecrets.digest(cookie);
  }

  /** Returns whether the session with this table key exists and has not expired. */
  public boolean isLive(String key) {
    ConsoleSession session = sessions.get(key);
    return session != null && !session.expiredAt(clock.instant());
  }

  /** Returns the number of sessions kept, ended ones not yet forgotten included. */
  public int count() {
    return sessions.size();
  }

  /** Forgets sessions that expired more than an hour ago. */
  public void sweep() {
    Instant forget = clock.instant().minus(REMEMBER_EXPIRED);
    sessions.values().removeIf(s -> s.expiresAt().isBefore(forget));
  }

  /** The settings in force. */
  public ConsoleSettings settings() {
    return settings;
  }

  /**
   * A live session with the principal it acts as now.
   *
   * @param key the session's key in the table (the digest of its cookie), never the cookie
   * @param session the session
   * @param principal its policy with the rights it has now
   */
  public record Active(String key, ConsoleSession session, Principal principal) {}

  @PostConstruct
  void start() {
    if (scheduler != null) {
      sweeping = scheduler.scheduleWithFixedDelay(this::sweepLogged, 1, 1, TimeUnit.MINUTES);
    }
  }

  @PreDestroy
  void stop() {
    if (sweeping != null) {
      sweeping.cancel(false);
    }
  }

  private void sweepLogged() {
    try {
      sweep();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "console session sweep failed; it runs again in a minute", e);
    }
  }

  private void evictBeyondLimit() {
    while (sessions.size() > settings.maxSessions()) {
      sessions.entrySet().stream()
          .min(
              Comparator.comparing(
                  (Map.Entry<String, ConsoleSession> e) -> e.getValue().createdAt()))
          .ifPresent(oldest -> sessions.remove(oldest.getKey(), oldest.getValue()));
    }
  }

  private static boolean csrfMatches(ConsoleSession session, String presented) {
    return SessionSecrets.same(session.csrfToken(), presented);
  }

  private static HubException unauthorized(String message) {
    return new HubException(HubException.Kind.UNAUTHORIZED, ErrorCode.UNAUTHORIZED, message);
  }
}
