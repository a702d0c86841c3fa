package io.devstreams.hub.auth;

import io.devstreams.hub.errors.HubException;
import io.devstreams.protocol.InvalidTokenException;
import io.devstreams.protocol.SasKeys;
import io.devstreams.protocol.SasToken;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;

/**
 * Checks SAS tokens for shared access policies (service side) and for devices.
 *
 * <p>Every failure throws the same {@link HubException#unauthorized()}, so a caller cannot tell a
 * wrong key from an unknown policy or device; the specific reason goes to an INFO log line with the
 * remote address, never with the token.
 */
@ApplicationScoped
public class SasAuthenticator {

  private static final System.Logger LOG = System.getLogger(SasAuthenticator.class.getName());

  private final PolicyLookup policies;
  private final DeviceKeyLookup devices;
  private final AuthSettings settings;
  private final Clock clock;

  /** Creates the authenticator over its ports; the hub's CDI container calls this. */
  @Inject
  public SasAuthenticator(
      PolicyLookup policies, DeviceKeyLookup devices, AuthSettings settings, Clock clock) {
    this.policies = policies;
    this.devices = devices;
    this.settings = settings;
    this.clock = clock;
  }

  /** For the CDI client proxy only. */
  protected SasAuthenticator() {
    this(null, null, null, null);
  }

  /**
   * Authenticates the {@code Authorization} values of a request as a shared access policy token;
   * more than one value is refused (which one would count is the kind of ambiguity that lets one
   * component check a credential another never sees).
   *
   * @param authorizationHeaders every {@code Authorization} value of the request, possibly null
   * @param remote the caller's address, for the log only
   * @throws HubException UNAUTHORIZED with one uniform message
   */
  public Principal authenticateService(List<String> authorizationHeaders, String remote) {
    return authenticateService(single(authorizationHeaders, remote), remote);
  }

  /**
   * Authenticates the {@code Authorization} values of a request as a device token for {@code
   * deviceId}; more than one value is refused.
   *
   * @throws HubException UNAUTHORIZED with one uniform message
   */
  public Principal authenticateDevice(
      List<String> authorizationHeaders, String deviceId, String remote) {
    return authenticateDevice(single(authorizationHeaders, remote), deviceId, remote);
  }

  /**
   * Authenticates a shared access policy token: {@code sr} is the public host, {@code skn} names a
   * policy, and the signature matches its primary or secondary key.
   *
   * @param authorizationHeader the {@code Authorization} value, possibly null
   * @param remote the caller's address, for the log only
   * @throws HubException UNAUTHORIZED with one uniform message
   */
  public Principal authenticateService(String authorizationHeader, String remote) {
    SasToken token = parseUnexpired(authorizationHeader, remote);
    if (token.keyName() == null) {
      throw reject(remote, "token has no 'skn' (a device token on the service API?)");
    }
    if (!token.isForResource(settings.publicHost())) {
      throw reject(remote, "token resource '" + printable(token.resource()) + "' is not this hub");
    }
    PolicyCredentials policy =
        policies
            .findPolicy(token.keyName())
            .orElseThrow(
                () -> reject(remote, "no policy named '" + printable(token.keyName()) + "'"));
    if (!matchesEither(token, policy.primaryKey(), policy.secondaryKey())) {
      throw reject(remote, "signature does not match policy '" + policy.name() + "'");
    }
    return new Principal(policy.name(), Principal.Kind.POLICY, policy.rights());
  }

  /**
   * Authenticates a device token: {@code sr} is {@code HOST/devices/ID} for this device, there is
   * no {@code skn}, the device exists and is enabled, and the signature matches one of its keys.
   *
   * @param authorizationHeader the {@code Authorization} value, possibly null
   * @param deviceId the device the connection claims to be
   * @param remote the caller's address, for the log only
   * @throws HubException UNAUTHORIZED with one uniform message
   */
  public Principal authenticateDevice(String authorizationHeader, String deviceId, String remote) {
    SasToken token = parseUnexpired(authorizationHeader, remote);
    if (token.keyName() != null) {
      throw reject(remote, "device token has an 'skn'");
    }
    if (!token.isForResource(settings.publicHost() + "/devices/" + deviceId)) {
      throw reject(
          remote,
          "token resource '"
              + printable(token.resource())
              + "' is not device '"
              + printable(deviceId)
              + "'");
    }
    DeviceCredentials device =
        devices
            .findDeviceCredentials(deviceId)
            .orElseThrow(() -> reject(remote, "no device '" + printable(deviceId) + "'"));
    if (!device.enabled()) {
      throw reject(remote, "device '" + device.deviceId() + "' is disabled");
    }
    if (!matchesEither(token, device.primaryKey(), device.secondaryKey())) {
      throw reject(remote, "signature does not match device '" + device.deviceId() + "'");
    }
    return new Principal(
        device.deviceId(), Principal.Kind.DEVICE, EnumSet.of(Right.DEVICE_CONNECT));
  }

  private static String single(List<String> headers, String remote) {
    if (headers == null || headers.isEmpty()) {
      return null;
    }
    if (headers.size() > 1) {
      throw reject(remote, "more than one Authorization header (" + headers.size() + ")");
    }
    return headers.get(0);
  }

  private SasToken parseUnexpired(String header, String remote) {
    if (header == null || header.isEmpty()) {
      throw reject(remote, "no Authorization header");
    }
    SasToken token;
    try {
      token = SasToken.parse(header);
    } catch (InvalidTokenException e) {
      throw reject(remote, "malformed token: " + e.reason());
    }
    Instant now = clock.instant();
    if (token.isExpired(now)) {
      throw reject(remote, "token expired at " + describe(token.expiry()));
    }
    if (token.expiresTooFarAhead(now, settings.maxTokenLifetime())) {
      throw reject(
          remote,
          "token expires at "
              + describe(token.expiry())
              + ", beyond the maximum lifetime "
              + settings.maxTokenLifetime());
    }
    return token;
  }

  /**
   * An expiry as an instant when {@link Instant} can hold it; a token may carry any long, and the
   * largest are beyond {@link Instant#MAX} (formatting one threw, and the request got a 500).
   */
  private static String describe(long expiryEpochSeconds) {
    return expiryEpochSeconds <= Instant.MAX.getEpochSecond()
        ? Instant.ofEpochSecond(expiryEpochSeconds).toString()
        : "epoch second " + expiryEpochSeconds;
  }

  /** Checks both keys every time, so the time taken does not tell which key matched. */
  private static boolean matchesEither(SasToken token, String primaryKey, String secondaryKey) {
    boolean primary = primaryKey != null && token.signatureMatches(SasKeys.decode(primaryKey));
    boolean secondary =
        secondaryKey != null && token.signatureMatches(SasKeys.decode(secondaryKey));
    return primary | secondary;
  }

  private static HubException reject(String remote, String reason) {
    return AuthRefusal.refuse(LOG, remote, reason);
  }

  private static String printable(String text) {
    return AuthRefusal.printable(text);
  }
}
