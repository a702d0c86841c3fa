package io.devstreams.hub.auth;

import io.devstreams.hub.errors.HubException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

/**
 * Checks an HTTP Basic credential made of a shared access policy's name and one of its keys: a
 * credential that does not expire, which a scraper such as Prometheus can keep in a file, accepted
 * only where the hub says so ({@code /metrics}) and only for policies that grant {@link
 * Right#METRICS}. Revoking it means regenerating the policy's keys.
 *
 * <p>Failures are answered as {@link SasAuthenticator}'s are: one uniform 401, the reason in an
 * INFO line with the remote address and never the key. Both keys are compared every time, in
 * constant time.
 */
@ApplicationScoped
public class PolicyKeyAuthenticator {

  /** The scheme, with its trailing space, that starts such a credential. */
  public static final String BASIC = "Basic ";

  private static final System.Logger LOG = System.getLogger(PolicyKeyAuthenticator.class.getName());

  private final PolicyLookup policies;

  /** Creates the authenticator over the policy lookup; the hub's CDI container calls this. */
  @Inject
  public PolicyKeyAuthenticator(PolicyLookup policies) {
    this.policies = policies;
  }

  /** For the CDI client proxy only. */
  protected PolicyKeyAuthenticator() {
    this(null);
  }

  /**
   * Authenticates {@code Basic base64(NAME:KEY)} as policy NAME holding {@code Metrics}.
   *
   * @param authorizationHeader the one {@code Authorization} value, starting with {@value BASIC}
   * @param remote the caller's address, for the log only
   * @throws HubException UNAUTHORIZED with one uniform message
   */
  public Principal authenticateMetricsScraper(String authorizationHeader, String remote) {
    String pair = decode(authorizationHeader, remote);
    int colon = pair.indexOf(':');
    if (colon < 1) {
      throw AuthRefusal.refuse(LOG, remote, "Basic credential is not NAME:KEY");
    }
    String name = pair.substring(0, colon);
    byte[] key = pair.substring(colon + 1).getBytes(StandardCharsets.UTF_8);
    Optional<PolicyCredentials> found = policies.findPolicy(name);
    if (found.isEmpty()) {
      throw AuthRefusal.refuse(
          LOG, remote, "no policy named '" + AuthRefusal.printable(name) + "' (Basic)");
    }
    PolicyCredentials policy = found.get();
    boolean primary = MessageDigest.isEqual(key, bytes(policy.primaryKey()));
    boolean secondary = MessageDigest.isEqual(key, bytes(policy.secondaryKey()));
    if (!(primary | secondary)) {
      throw AuthRefusal.refuse(LOG, remote, "key does not match policy '" + name + "' (Basic)");
    }
    if (!policy.rights().contains(Right.METRICS)) {
      throw HubException.forbidden(
          "policy '" + name + "' does not grant " + Right.METRICS.wireName());
    }
    return new Principal(policy.name(), Principal.Kind.POLICY, policy.rights());
  }

  private static String decode(String header, String remote) {
    if (header == null || !header.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
      throw AuthRefusal.refuse(LOG, remote, "not a Basic credential");
    }
    try {
      byte[] raw = Base64.getDecoder().decode(header.substring(BASIC.length()).trim());
      return new String(raw, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw AuthRefusal.refuse(LOG, remote, "Basic credential is not base64");
    }
  }

  private static byte[] bytes(String key) {
    return key.getBytes(StandardCharsets.UTF_8);
  }
}
