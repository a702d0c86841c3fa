package io.devstreams.hub.auth;

import io.devstreams.hub.errors.HubException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * Checks a shared access policy's name and key as a person types them (the web console's sign-in),
 * and later whether the key signed in with is still one of the policy's keys.
 *
 * <p>The key is compared in constant time with both of the policy's keys; a wrong key and an
 * unknown policy get the same refusal, logged with the address and the reason, never the key. The
 * caller keeps only the key's {@link #digest SHA-256}, which {@link #current} compares again on
 * every later request, so rotating or deleting the policy ends what was signed in with it.
 */
@ApplicationScoped
public class PolicyKeyCheck {

  private static final System.Logger LOG = System.getLogger(PolicyKeyCheck.class.getName());

  private final PolicyLookup policies;

  /** Creates the check over the policy port; the hub's CDI container calls this. */
  @Inject
  public PolicyKeyCheck(PolicyLookup policies) {
    this.policies = policies;
  }

  /** For the CDI client proxy only. */
  protected PolicyKeyCheck() {
    this(null);
  }

  /**
   * Returns the policy's principal if {@code key} is its primary or secondary key.
   *
   * @param remote the caller's address, for the log only
   * @throws HubException UNAUTHORIZED, the same for a wrong key, an unknown policy or a blank field
   */
  public Principal authenticate(String policyName, String key, String remote) {
    if (policyName == null || policyName.isBlank() || key == null || key.isBlank()) {
      throw AuthRefusal.refuse(LOG, remote, "console sign-in without a policy name or key");
    }
    PolicyCredentials policy =
        policies
            .findPolicy(policyName)
            .orElseThrow(
                () ->
                    AuthRefusal.refuse(
                        LOG,
                        remote,
                        "console sign-in: no policy named '"
                            + AuthRefusal.printable(policyName)
                            + "'"));
    if (!matchesEither(digest(key), policy)) {
      throw AuthRefusal.refuse(
          LOG, remote, "console sign-in: wrong key for policy '" + policy.name() + "'");
    }
    return principal(policy);
  }

  /**
   * Returns the policy's principal with the rights it has now, if the policy still exists and the
   * key whose digest is given is still one of its keys; empty otherwise.
   */
  public Optional<Principal> current(String policyName, byte[] keyDigest) {
    return policies
        .findPolicy(policyName)
        .filter(policy -> matchesEither(keyDigest, policy))
        .map(PolicyKeyCheck::principal);
  }

  /** Returns the SHA-256 of a key as typed, the only form of it a caller should keep. */
  public static byte[] digest(String key) {
    try {
      return MessageDigest.getInstance("SHA-256")
          .digest(key.strip().getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /** Compares with both keys every time, so the time taken does not tell which one matched. */
  private static boolean matchesEither(byte[] keyDigest, PolicyCredentials policy) {
    boolean primary = MessageDigest.isEqual(digest(policy.primaryKey()), keyDigest);
    boolean secondary = MessageDigest.isEqual(digest(policy.secondaryKey()), keyDigest);
    return primary | secondary;
  }

  private static Principal principal(PolicyCredentials policy) {
    return new Principal(policy.name(), Principal.Kind.POLICY, policy.rights());
  }
}
