package io.devstreams.hub.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devstreams.hub.errors.HubException;
import io.devstreams.protocol.ErrorCode;
import io.devstreams.protocol.SasKeys;
import io.devstreams.protocol.SasToken;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class SasAuthenticatorTest {

  private static final String HOST = "hub.example:8443";
  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  private static final long IN_AN_HOUR = NOW.plus(Duration.ofHours(1)).getEpochSecond();

  private final String ownerPrimary = SasKeys.generate();
  private final String ownerSecondary = SasKeys.generate();
  private final String readerKey = SasKeys.generate();
  private final String devicePrimary = SasKeys.generate();
  private final String deviceSecondary = SasKeys.generate();
  private final Map<String, PolicyCredentials> policies = new HashMap<>();
  private final Map<String, DeviceCredentials> devices = new HashMap<>();
  private final SasAuthenticator authenticator =
      new SasAuthenticator(
          name -> Optional.ofNullable(policies.get(name)),
          id -> Optional.ofNullable(devices.get(id)),
          new AuthSettings(HOST, Duration.ofHours(24)),
          Clock.fixed(NOW, ZoneOffset.UTC));

  SasAuthenticatorTest() {
    policies.put(
        "iothubowner",
        new PolicyCredentials(
            "iothubowner", ownerPrimary, ownerSecondary, EnumSet.allOf(Right.class)));
    policies.put(
        "registryRead",
        new PolicyCredentials(
            "registryRead", readerKey, readerKey, EnumSet.of(Right.REGISTRY_READ)));
    devices.put("dev1", new DeviceCredentials("dev1", true, devicePrimary, deviceSecondary));
    devices.put("off", new DeviceCredentials("off", false, devicePrimary, deviceSecondary));
  }

  private static String token(String resource, String key, long expiry, String keyName) {
    return SasToken.create(resource, SasKeys.decode(key), expiry, keyName);
  }

  private String ownerToken(String key, long expiry) {
    return token(HOST, key, expiry, "iothubowner");
  }

  private void assertUnauthorized(ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            HubException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(HubException.Kind.UNAUTHORIZED);
              assertThat(e.errorCode()).isEqualTo(ErrorCode.UNAUTHORIZED);
            })
        .hasMessage(HubException.INVALID_CREDENTIALS);
  }

  @Test
  void acceptsPolicyTokenSignedWithPrimaryKey() {
    Principal principal =
        authenticator.authenticateService(ownerToken(ownerPrimary, IN_AN_HOUR), "r");

    assertThat(principal.name()).isEqualTo("iothubowner");
    assertThat(principal.kind()).isEqualTo(Principal.Kind.POLICY);
    assertThat(principal.rights()).containsExactlyInAnyOrder(Right.values());
  }

  @Test
  void acceptsPolicyTokenSignedWithSecondaryKey() {
    Principal principal =
        authenticator.authenticateService(ownerToken(ownerSecondary, IN_AN_HOUR), "r");

    assertThat(principal.name()).isEqualTo("iothubowner");
  }

  @Test
  void grantsOnlyThePolicysRights() {
    Principal principal =
        authenticator.authenticateService(token(HOST, readerKey, IN_AN_HOUR, "registryRead"), "r");

    assertThat(principal.has(Right.REGISTRY_READ)).isTrue();
    assertThat(principal.has(Right.REGISTRY_WRITE)).isFalse();
  }

  @Test
  void acceptsUnencodedResourceAsTheNodeSdkSendsIt() throws Exception {
    String sig = hmac(ownerPrimary, HOST + "\n" + IN_AN_HOUR);
    String header =
        "SharedAccessSignature sr="
            + HOST
            + "&sig="
            + java.net.URLEncoder.encode(sig, StandardCharsets.UTF_8)
            + "&se="
            + IN_AN_HOUR
            + "&skn=iothubowner";

    assertThat(authenticator.authenticateService(header, "r").name()).isEqualTo("iothubowner");
  }

  @Test
  void acceptsHostInAnotherCase() {
    String header = token(HOST.toUpperCase(), ownerPrimary, IN_AN_HOUR, "iothubowner");

    assertThat(authenticator.authenticateService(header, "r").name()).isEqualTo("iothubowner");
  }

  @Test
  void refusesMissingHeader() {
    assertUnauthorized(() -> authenticator.authenticateService((String) null, "r"));
    assertUnauthorized(() -> authenticator.authenticateService("", "r"));
  }

  @Test
  void refusesMalformedToken() {
    assertUnauthorized(() -> authenticator.authenticateService("Bearer abc", "r"));
    assertUnauthorized(
        () -> authenticator.authenticateService("SharedAccessSignature sr=x&sig=y", "r"));
  }

  @Test
  void refusesWrongKey() {
    assertUnauthorized(
        () -> authenticator.authenticateService(ownerToken(SasKeys.generate(), IN_AN_HOUR), "r"));
  }

  @Test
  void refusesKeyOfAnotherPolicy() {
    assertUnauthorized(
        () -> authenticator.authenticateService(ownerToken(readerKey, IN_AN_HOUR), "r"));
  }

  @Test
  void refusesUnknownPolicy() {
    assertUnauthorized(
        () ->
            authenticator.authenticateService(
                token(HOST, ownerPrimary, IN_AN_HOUR, "nobody"), "r"));
  }

  @Test
  void refusesExpiredToken() {
    assertUnauthorized(
        () ->
            authenticator.authenticateService(ownerToken(ownerPrimary, NOW.getEpochSecond()), "r"));
  }

  @Test
  void refusesTokenExpiringBeyondTheMaximumLifetime() {
    long tooFar = NOW.plus(Duration.ofHours(24)).getEpochSecond() + 1;

    assertUnauthorized(
        () -> authenticator.authenticateService(ownerToken(ownerPrimary, tooFar), "r"));
  }

  @Test
  void refusesTheLargestExpiryAsTooFarAheadRatherThanFailing() {
    assertUnauthorized(
        () -> authenticator.authenticateService(ownerToken(ownerPrimary, Long.MAX_VALUE), "r"));
    assertUnauthorized(
        () ->
            authenticator.authenticateDevice(
                token(HOST + "/devices/dev1", devicePrimary, Long.MAX_VALUE, null), "dev1", "r"));
  }

  @Test
  void acceptsOneAuthorizationValueGivenAsAList() {
    String owner = ownerToken(ownerPrimary, IN_AN_HOUR);

    assertThat(authenticator.authenticateService(java.util.List.of(owner), "r").name())
        .isEqualTo("iothubowner");
  }

  @Test
  void refusesTwoAuthorizationValuesWhicheverIsValid() {
    String owner = ownerToken(ownerPrimary, IN_AN_HOUR);
    String device = token(HOST + "/devices/dev1", devicePrimary, IN_AN_HOUR, null);

    assertUnauthorized(
        () -> authenticator.authenticateService(java.util.List.of(owner, "garbage"), "r"));
    assertUnauthorized(
        () -> authenticator.authenticateService(java.util.List.of("garbage", owner), "r"));
    assertUnauthorized(
        () -> authenticator.authenticateService(java.util.List.of(owner, owner), "r"));
    assertUnauthorized(
        () -> authenticator.authenticateDevice(java.util.List.of(device, "garbage"), "dev1", "r"));
    assertUnauthorized(
        () -> authenticator.authenticateDevice(java.util.List.of("garbage", device), "dev1", "r"));
  }

  @Test
  void refusesAMissingAuthorizationList() {
    assertUnauthorized(() -> authenticator.authenticateService((java.util.List<String>) null, "r"));
    assertUnauthorized(() -> authenticator.authenticateDevice(java.util.List.of(), "dev1", "r"));
  }

  @Test
  void acceptsTokenExpiringExactlyAtTheMaximumLifetime() {
    long limit = NOW.plus(Duration.ofHours(24)).getEpochSecond();

    assertThat(authenticator.authenticateService(ownerToken(ownerPrimary, limit), "r")).isNotNull();
  }

  @Test
  void refusesPolicyTokenForAnotherHost() {
    assertUnauthorized(
        () ->
            authenticator.authenticateService(
                token("other.example:8443", ownerPrimary, IN_AN_HOUR, "iothubowner"), "r"));
  }

  @Test
  void refusesPolicyTokenScopedToADevicePath() {
    assertUnauthorized(
        () ->
            authenticator.authenticateService(
                token(HOST + "/devices/dev1", ownerPrimary, IN_AN_HOUR, "iothubowner"), "r"));
  }

  @Test
  void refusesDeviceTokenOnTheServiceApi() {
    assertUnauthorized(
        () ->
            authenticator.authenticateService(
                token(HOST + "/devices/dev1", devicePrimary, IN_AN_HOUR, null), "r"));
  }

  @Test
  void acceptsDeviceTokenSignedWithEitherKey() {
    String resource = HOST + "/devices/dev1";

    Principal primary =
        authenticator.authenticateDevice(
            token(resource, devicePrimary, IN_AN_HOUR, null), "dev1", "r");
    Principal secondary =
        authenticator.authenticateDevice(
            token(resource, deviceSecondary, IN_AN_HOUR, null), "dev1", "r");

    assertThat(primary.kind()).isEqualTo(Principal.Kind.DEVICE);
    assertThat(primary.rights()).containsExactly(Right.DEVICE_CONNECT);
    assertThat(secondary.name()).isEqualTo("dev1");
  }

  @Test
  void refusesDeviceTokenForAnotherDevice() {
    devices.put("dev2", new DeviceCredentials("dev2", true, devicePrimary, deviceSecondary));
    String forDev1 = token(HOST + "/devices/dev1", devicePrimary, IN_AN_HOUR, null);

    assertUnauthorized(() -> authenticator.authenticateDevice(forDev1, "dev2", "r"));
  }

  @Test
  void refusesDisabledDevice() {
    assertUnauthorized(
        () ->
            authenticator.authenticateDevice(
                token(HOST + "/devices/off", devicePrimary, IN_AN_HOUR, null), "off", "r"));
  }

  @Test
  void refusesUnknownDevice() {
    assertUnauthorized(
        () ->
            authenticator.authenticateDevice(
                token(HOST + "/devices/ghost", devicePrimary, IN_AN_HOUR, null), "ghost", "r"));
  }

  @Test
  void refusesDeviceTokenWithAKeyName() {
    assertUnauthorized(
        () ->
            authenticator.authenticateDevice(
                token(HOST + "/devices/dev1", devicePrimary, IN_AN_HOUR, "dev1"), "dev1", "r"));
  }

  @Test
  void refusesDeviceTokenWithWrongKey() {
    assertUnauthorized(
        () ->
            authenticator.authenticateDevice(
                token(HOST + "/devices/dev1", ownerPrimary, IN_AN_HOUR, null), "dev1", "r"));
  }

  @Test
  void refusesDeviceTokenWithoutKeys() {
    devices.put("keyless", new DeviceCredentials("keyless", true, null, null));

    assertUnauthorized(
        () ->
            authenticator.authenticateDevice(
                token(HOST + "/devices/keyless", devicePrimary, IN_AN_HOUR, null), "keyless", "r"));
  }

  @Test
  void logsTheReasonAndRemoteAddressButNeverTheToken() {
    String header = ownerToken(SasKeys.generate(), IN_AN_HOUR);
    String signature = header.substring(header.indexOf("sig=") + 4, header.indexOf("&se="));
    java.util.List<String> lines = new java.util.ArrayList<>();
    java.util.logging.Logger jul =
        java.util.logging.Logger.getLogger(SasAuthenticator.class.getName());
    java.util.logging.Handler handler =
        new java.util.logging.Handler() {
          @Override
          public void publish(java.util.logging.LogRecord record) {
            lines.add(new java.util.logging.SimpleFormatter().formatMessage(record));
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    jul.addHandler(handler);
    try {
      assertUnauthorized(() -> authenticator.authenticateService(header, "192.0.2.7"));
    } finally {
      jul.removeHandler(handler);
    }

    assertThat(lines).singleElement().asString().contains("192.0.2.7").contains("signature");
    assertThat(String.join("\n", lines))
        .doesNotContain(signature)
        .doesNotContain(java.net.URLDecoder.decode(signature, StandardCharsets.UTF_8))
        .doesNotContain(ownerPrimary);
  }

  private static String hmac(String key, String text) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(Base64.getDecoder().decode(key), "HmacSHA256"));
    return Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
  }
}
