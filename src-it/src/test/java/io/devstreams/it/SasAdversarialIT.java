package io.devstreams.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.devstreams.protocol.ConnectionString;
import io.devstreams.protocol.Headers;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Forged and bent SAS tokens against the real hub: every one signed with a real key (the owner's or
 * a device's), so that only the hub's parsing and scope checks stand between it and a 200 or a 101.
 * Each must get 401 problem+json on the REST API, on the control channel upgrade and on the stream
 * upgrade, never a 101. Positive controls show the same keys and paths do work when the token is
 * right, so a refusal is never an accident of the test.
 *
 * <p>Last, cross-site WebSocket hijacking: an upgrade from a foreign {@code Origin} with whatever a
 * browser can attach gets no 101.
 *
 * <p>Not repeated here: missing, garbage, expired and far-future tokens and wrong keys
 * (RegistryApiIT), a dev1 token on dev10's channel and stream-token misuse (StreamRefusalsIT).
 */
class SasAdversarialIT {
  private static final Pattern PRIMARY = Pattern.compile("\"primaryKey\"\\s*:\\s*\"([^\"]+)\"");

  /**
   * Shorter than the default (PT24H), to show the setting is applied; tests' tokens stay within.
   */
  private static final Duration MAX_LIFETIME = Duration.ofHours(2);

  private static HubProcess hub;
  private static HubHttp http;
  private static String owner;
  private static byte[] ownerKey;
  private static byte[] dev1Key;
  private static byte[] dev2Key;
  private static String host;

  @BeforeAll
  static void start() throws Exception {
    Path dir = Files.createTempDirectory(Path.of("target"), "sas-adversarial-").toAbsolutePath();
    hub =
        HubProcess.start(
            dir.resolve("hub"),
            Map.of("DEVSTREAMS_HUB_JAVA_OPTS", "-Ddevstreams.sas.max-lifetime=" + MAX_LIFETIME));
    http = new HubHttp(hub);
    owner = http.policyToken("iothubowner");
    host = hub.hostPort();
    ownerKey =
        ConnectionString.parse(Files.readString(hub.dataDir().resolve("owner.connection-string")))
            .keyBytes();
    dev1Key = createDevice("dev1");
    dev2Key = createDevice("dev2");
    createDevice("dev10");
  }

  @AfterAll
  static void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  // ---- positive controls ---------------------------------------------------------------------

  @Test
  void handMadeTokensOfThisTestAreAcceptedWhenRight() {
    long se = soon();
    String sr = enc(host);
    assertThat(
            http.get(
                    "/devices",
                    sas("sr=" + sr, sig(ownerKey, sr, se), "se=" + se, "skn=iothubowner"))
                .statusCode())
        .isEqualTo(200);
    String devSr = enc(host + "/devices/dev2");
    try (RawWebSocket ws =
        RawWebSocket.connect(
            hub,
            "/devices/dev2/streams",
            sas("sr=" + devSr, sig(dev2Key, devSr, se), "se=" + se))) {
      assertThat(ws.upgraded()).as("%s", ws.response()).isTrue();
      ws.sendClose(1000);
    }
  }

  @Test
  void signatureWithAPlusIsTheSameSignatureRawOrPercentEncoded() {
    long se = expiryWhoseSignatureHas('+');
    String sr = enc(host);
    String raw = rawSig(ownerKey, sr, se);
    assertThat(raw).contains("+");
    for (String sig : List.of("sig=" + raw, "sig=" + raw.replace("+", "%2B"), "sig=" + enc(raw))) {
      HttpResponse<String> r =
          http.get("/devices", sas("sr=" + sr, sig, "se=" + se, "skn=iothubowner"));
      assertThat(r.statusCode()).as(sig).isEqualTo(200);
    }
  }

  // ---- maximum lifetime ------------------------------------------------------------------------

  @Test
  void tokensExpiringBeyondTheConfiguredMaximumLifetimeAreRefusedEverywhere() {
    long now = Instant.now().getEpochSecond();
    long within = now + MAX_LIFETIME.toSeconds() - 60;
    long beyond = now + MAX_LIFETIME.toSeconds() + 60;
    assertThat(http.get("/devices", signedPolicy(host, within)).statusCode()).isEqualTo(200);
    assertRestUnauthorized(http.get("/devices", signedPolicy(host, beyond)), "REST");
    assertRestUnauthorized(http.get("/metrics", signedPolicy(host, beyond)), "metrics");
    String dev2 = host + "/devices/dev2";
    try (RawWebSocket ws =
        RawWebSocket.connect(hub, "/devices/dev2/streams", signedDevice(dev2Key, dev2, within))) {
      assertThat(ws.upgraded()).as("%s", ws.response()).isTrue();
      ws.sendClose(1000);
    }
    try (RawWebSocket ws =
        RawWebSocket.connect(hub, "/devices/dev2/streams", signedDevice(dev2Key, dev2, beyond))) {
      assertUpgradeUnauthorized(ws.response(), "control channel");
    }
  }

  // ---- policy tokens on the REST API ---------------------------------------------------------

  @Test
  void policyTokensWithBentParametersAreRefusedOnTheRestApi() {
    long se = soon();
    String sr = enc(host);
    String good = sig(ownerKey, sr, se);
    long plus = expiryWhoseSignatureHas('+');
    String plusSig = rawSig(ownerKey, sr, plus);
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put(
        "non-numeric se", sas("sr=" + sr, sig(ownerKey, sr, "soon"), "se=soon", "skn=iothubowner"));
    cases.put(
        "se with a sign",
        sas("sr=" + sr, sig(ownerKey, sr, "+" + se), "se=+" + se, "skn=iothubowner"));
    cases.put(
        "se in hex",
        sas("sr=" + sr, sig(ownerKey, sr, "0x7fffffff"), "se=0x7fffffff", "skn=iothubowner"));
    cases.put(
        "se with a leading zero",
        sas("sr=" + sr, sig(ownerKey, sr, "0" + se), "se=0" + se, "skn=iothubowner"));
    cases.put(
        "se past the largest long",
        sas(
            "sr=" + sr,
            sig(ownerKey, sr, "9223372036854775808"),
            "se=9223372036854775808",
            "skn=iothubowner"));
    cases.put(
        "se of 40 digits",
        sas(
            "sr=" + sr,
            sig(ownerKey, sr, "9".repeat(40)),
            "se=" + "9".repeat(40),
            "skn=iothubowner"));
    cases.put(
        "se that wraps to the past",
        sas(
            "sr=" + sr,
            sig(ownerKey, sr, "18446744073709551617"),
            "se=18446744073709551617",
            "skn=iothubowner"));
    cases.put(
        "largest long se",
        sas(
            "sr=" + sr,
            sig(ownerKey, sr, Long.toString(Long.MAX_VALUE)),
            "se=" + Long.MAX_VALUE,
            "skn=iothubowner"));
    cases.put("another policy's name", sas("sr=" + sr, good, "se=" + se, "skn=registryRead"));
    cases.put("policy name in another case", sas("sr=" + sr, good, "se=" + se, "skn=IotHubOwner"));
    cases.put(
        "policy name with a trailing space",
        sas("sr=" + sr, good, "se=" + se, "skn=iothubowner%20"));
    cases.put("no policy name", sas("sr=" + sr, good, "se=" + se));
    cases.put(
        "sr twice, the second another hub",
        sas("sr=" + sr, good, "se=" + se, "skn=iothubowner", "sr=evil.example"));
    cases.put(
        "sr twice, the same", sas("sr=" + sr, good, "se=" + se, "skn=iothubowner", "sr=" + sr));
    cases.put(
        "sig twice, good then garbage",
        sas("sr=" + sr, good, "se=" + se, "skn=iothubowner", "sig=AAAA"));
    cases.put(
        "sig twice, garbage then good",
        sas("sr=" + sr, "sig=AAAA", "se=" + se, "skn=iothubowner", good));
    cases.put("se twice", sas("sr=" + sr, good, "se=" + se, "se=" + (se + 1), "skn=iothubowner"));
    cases.put(
        "skn twice", sas("sr=" + sr, good, "se=" + se, "skn=iothubowner", "skn=registryRead"));
    cases.put(
        "parameter name in another case", sas("SR=" + sr, good, "se=" + se, "skn=iothubowner"));
    cases.put("resource with a trailing slash", signedPolicy(host + "/", se));
    cases.put("resource with an encoded trailing slash", signedPolicyRaw(enc(host) + "%2F", se));
    cases.put("resource of a device", signedPolicy(host + "/devices/dev1", se));
    cases.put("resource of another port", signedPolicy("localhost:1", se));
    cases.put("resource with a dot segment", signedPolicy(host + "/.", se));
    cases.put(
        "resource with a double-encoded colon", signedPolicyRaw(host.replace(":", "%253A"), se));
    cases.put(
        "plus form-decoded to a space",
        sas("sr=" + sr, "sig=" + plusSig.replace("+", "%20"), "se=" + plus, "skn=iothubowner"));
    cases.put(
        "plus form-encoded as a space",
        sas("sr=" + sr, "sig=" + plusSig.replace("+", " "), "se=" + plus, "skn=iothubowner"));
    cases.put(
        "plus dropped",
        sas("sr=" + sr, "sig=" + plusSig.replace("+", ""), "se=" + plus, "skn=iothubowner"));
    cases.put(
        "sig double-encoded",
        sas("sr=" + sr, "sig=" + enc(enc(plusSig)), "se=" + plus, "skn=iothubowner"));
    cases.put("scheme in another case", good("sharedaccesssignature ", sr, good, se));
    cases.put("Bearer scheme", good("Bearer ", sr, good, se));
    cases.put(
        "comma-joined second token",
        sas("sr=" + sr, good, "se=" + se, "skn=iothubowner") + ", garbage");
    cases.forEach((name, token) -> assertRestUnauthorized(http.get("/devices", token), name));
  }

  @Test
  void twoAuthorizationHeadersAreRefusedOnTheRestApiWhicheverComesFirst() {
    for (List<String> pair : List.of(List.of(owner, "garbage"), List.of("garbage", owner))) {
      HttpResponse<String> r =
          http.send(
              http.request("/devices")
                  .header("Authorization", pair.get(0))
                  .header("Authorization", pair.get(1))
                  .GET());
      assertRestUnauthorized(r, "two Authorization headers " + pair.indexOf(owner));
    }
  }

  @Test
  void aValidDeviceTokenIsRefusedOnTheRestApi() {
    long se = soon();
    String sr = enc(host + "/devices/dev1");
    assertRestUnauthorized(
        http.get("/devices", sas("sr=" + sr, sig(dev1Key, sr, se), "se=" + se)), "device token");
  }

  // ---- device tokens on the control channel --------------------------------------------------

  @Test
  void deviceTokensForAnotherResourceAreRefusedOnTheControlChannel() {
    long se = soon();
    Map<String, String> onDev2 = new LinkedHashMap<>();
    onDev2.put(
        "dev1/../dev2 signed by dev1", signedDevice(dev1Key, host + "/devices/dev1/../dev2", se));
    onDev2.put(
        "dev1/../dev2 signed by dev2", signedDevice(dev2Key, host + "/devices/dev1/../dev2", se));
    onDev2.put("dev2/./ signed by dev2", signedDevice(dev2Key, host + "/devices/./dev2", se));
    onDev2.put(
        "%2F-encoded path signed by dev1",
        signedDeviceRaw(dev1Key, enc(host) + "%2Fdevices%2Fdev1%2F..%2Fdev2", se));
    onDev2.put(
        "dev1%2F..%2Fdev2 signed by dev1",
        signedDeviceRaw(dev1Key, enc(host) + "/devices/dev1%252F..%252Fdev2", se));
    onDev2.put("DEV2 signed by dev2", signedDevice(dev2Key, host + "/devices/DEV2", se));
    onDev2.put("DEVICES segment signed by dev2", signedDevice(dev2Key, host + "/DEVICES/dev2", se));
    onDev2.put("trailing slash signed by dev2", signedDevice(dev2Key, host + "/devices/dev2/", se));
    onDev2.put(
        "dev2 on another host signed by dev2",
        signedDevice(dev2Key, "evil.example/devices/dev2", se));
    onDev2.put(
        "dev2 with skn signed by dev2",
        sas(
            "sr=" + enc(host + "/devices/dev2"),
            sig(dev2Key, enc(host + "/devices/dev2"), se),
            "se=" + se,
            "skn=iothubowner"));
    onDev2.put("dev2 signed by dev1", signedDevice(dev1Key, host + "/devices/dev2", se));
    onDev2.put(
        "sr twice, dev1 then dev2",
        sas(
            "sr=" + enc(host + "/devices/dev1"),
            sig(dev1Key, enc(host + "/devices/dev1"), se),
            "se=" + se,
            "sr=" + enc(host + "/devices/dev2")));
    onDev2.put("the owner's policy token", owner);
    onDev2.put(
        "hub resource signed by the owner key",
        sas("sr=" + enc(host), sig(ownerKey, enc(host), se), "se=" + se));
    onDev2.put(
        "non-numeric se signed by dev2",
        sas(
            "sr=" + enc(host + "/devices/dev2"),
            sig(dev2Key, enc(host + "/devices/dev2"), "later"),
            "se=later"));
    onDev2.put(
        "overflowing se signed by dev2",
        sas(
            "sr=" + enc(host + "/devices/dev2"),
            sig(dev2Key, enc(host + "/devices/dev2"), "99999999999999999999"),
            "se=99999999999999999999"));
    onDev2.forEach(
        (name, token) -> {
          try (RawWebSocket ws = RawWebSocket.connect(hub, "/devices/dev2/streams", token)) {
            assertUpgradeUnauthorized(ws.response(), name);
          }
        });
  }

  @Test
  void dev1sGoodTokenOpensNoChannelUnderAnotherSpellingOfThePath() {
    String dev1 = signedDevice(dev1Key, host + "/devices/dev1", soon());
    List<String> paths =
        List.of(
            "/devices/dev10/streams",
            "/devices/DEV1/streams",
            "/Devices/dev1/streams",
            "/devices/dev1/Streams",
            "/devices/dev1/streams/",
            "/devices//dev1/streams",
            "/devices/./dev1/streams",
            "/devices/dev2/../dev1/streams",
            "/devices/dev1/../dev2/streams",
            "/devices/dev1%2F..%2Fdev2/streams",
            "/devices/%64ev1/streams",
            "/devices/dev1;x=y/streams",
            "/devices/dev1/streams;x=y");
    for (String path : paths) {
      try (RawWebSocket ws = RawWebSocket.connect(hub, path, dev1)) {
        assertThat(ws.upgraded()).as("%s: %s", path, ws.response()).isFalse();
        assertThat(ws.response().status()).as("%s: %s", path, ws.response()).isIn(400, 401, 404);
      }
    }
  }

  @Test
  void twoAuthorizationHeadersAreRefusedOnTheControlChannelWhicheverComesFirst() {
    String dev2 = signedDevice(dev2Key, host + "/devices/dev2", soon());
    for (List<String> pair : List.of(List.of(dev2, "garbage"), List.of("garbage", dev2))) {
      try (RawWebSocket ws =
          RawWebSocket.connect(
              hub,
              "/devices/dev2/streams",
              List.of("Authorization: " + pair.get(0), "Authorization: " + pair.get(1)))) {
        assertUpgradeUnauthorized(ws.response(), "two Authorization headers");
      }
    }
  }

  // ---- SAS tokens on the stream upgrade -----------------------------------------------------

  @Test
  void sasTokensAreNeverStreamTokens() {
    long se = soon();
    String dev1 = signedDevice(dev1Key, host + "/devices/dev1", se);
    String path = randomStreamPath();
    for (String authorization :
        List.of(owner, dev1, "Bearer " + owner, "Bearer " + dev1, "Bearer " + dev1.substring(22))) {
      try (RawWebSocket ws = RawWebSocket.connect(hub, path, authorization)) {
        assertUpgradeUnauthorized(ws.response(), authorization.substring(0, 12));
      }
    }
  }

  // ---- cross-site WebSocket hijacking ---------------------------------------------------------

  /**
   * A page on another site can open a WebSocket to the hub with the browser's ambient credentials
   * (cookies, cached Basic auth) and a token wherever a browser can put one (URL, subprotocol), but
   * never an {@code Authorization} header. None of that is a credential to the hub.
   */
  @Test
  void foreignOriginWithBrowserReachableCredentialsGetsNoUpgrade() {
    String dev1 = signedDevice(dev1Key, host + "/devices/dev1", soon());
    String encoded = enc(dev1);
    String origin = "Origin: https://evil.example";
    String control = "/devices/dev1/streams";
    List<Attempt> attempts =
        List.of(
            new Attempt(control, List.of(origin)),
            new Attempt(control, List.of(origin, "Cookie: JSESSIONID=0123456789abcdef")),
            new Attempt(control, List.of(origin, "Authorization: Basic ZGV2MTpkZXYx")),
            new Attempt(control, List.of(origin, "Sec-WebSocket-Protocol: " + encoded)),
            new Attempt(control + "?authorization=" + encoded, List.of(origin)),
            new Attempt(control + "?sas=" + encoded + "&access_token=" + encoded, List.of(origin)),
            new Attempt(randomStreamPath(), List.of(origin)),
            new Attempt(randomStreamPath() + "?access_token=" + encoded, List.of(origin)));
    for (Attempt a : attempts) {
      try (RawWebSocket ws = RawWebSocket.connect(hub, a.path(), a.headers())) {
        assertUpgradeUnauthorized(ws.response(), a.toString());
      }
    }
  }

  /** An upgrade to {@code path} with these extra header lines. */
  private record Attempt(String path, List<String> headers) {}

  @Test
  void hubSetsNoCookieABrowserCouldReplay() {
    HttpResponse<String> ok = http.get("/devices", owner);
    HttpResponse<String> refused = http.get("/devices", "garbage");
    assertThat(ok.headers().allValues("Set-Cookie")).isEmpty();
    assertThat(refused.headers().allValues("Set-Cookie")).isEmpty();
    String dev2 = signedDevice(dev2Key, host + "/devices/dev2", soon());
    try (RawWebSocket ws =
        RawWebSocket.connect(
            hub,
            "/devices/dev2/streams",
            List.of("Origin: https://evil.example", "Authorization: " + dev2))) {
      // A non-browser client with the device's own token may connect from anywhere: the token,
      // never the Origin, is the credential.
      assertThat(ws.upgraded()).as("%s", ws.response()).isTrue();
      assertThat(ws.response().headers()).doesNotContainKey("set-cookie");
      ws.sendClose(1000);
    }
  }

  // ---- helpers -------------------------------------------------------------------------------

  private static String randomStreamPath() {
    byte[] id = new byte[16];
    new java.security.SecureRandom().nextBytes(id);
    return "/streams/" + Base64.getUrlEncoder().withoutPadding().encodeToString(id);
  }

  /** Creates a device and returns its decoded primary key. */
  private static byte[] createDevice(String id) {
    HttpResponse<String> r = http.put("/devices/" + id, owner, "{}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    Matcher m = PRIMARY.matcher(r.body());
    assertThat(m.find()).as(r.body()).isTrue();
    return Base64.getDecoder().decode(m.group(1));
  }

  private static long soon() {
    return Instant.now().plusSeconds(600).getEpochSecond();
  }

  /** An expiry near now whose owner signature has {@code c} in its base64 text. */
  private static long expiryWhoseSignatureHas(char c) {
    long se = soon();
    while (rawSig(ownerKey, enc(host), se).indexOf(c) < 0) {
      se++;
    }
    return se;
  }

  private static String sas(String... params) {
    return "SharedAccessSignature " + String.join("&", params);
  }

  private static String good(String scheme, String sr, String sig, long se) {
    return scheme + "sr=" + sr + "&" + sig + "&se=" + se + "&skn=iothubowner";
  }

  private static String signedPolicy(String resource, long se) {
    return signedPolicyRaw(enc(resource), se);
  }

  private static String signedPolicyRaw(String rawSr, long se) {
    return sas("sr=" + rawSr, sig(ownerKey, rawSr, se), "se=" + se, "skn=iothubowner");
  }

  private static String signedDevice(byte[] key, String resource, long se) {
    return signedDeviceRaw(key, enc(resource), se);
  }

  private static String signedDeviceRaw(byte[] key, String rawSr, long se) {
    return sas("sr=" + rawSr, sig(key, rawSr, se), "se=" + se);
  }

  private static String sig(byte[] key, String rawSr, long se) {
    return sig(key, rawSr, Long.toString(se));
  }

  /** {@code sig=} with the HMAC over the raw {@code sr} and {@code se} text, as Azure signs. */
  private static String sig(byte[] key, String rawSr, String se) {
    return "sig=" + enc(rawSig(key, rawSr, se));
  }

  private static String rawSig(byte[] key, String rawSr, long se) {
    return rawSig(key, rawSr, Long.toString(se));
  }

  private static String rawSig(byte[] key, String rawSr, String se) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return Base64.getEncoder()
          .encodeToString(mac.doFinal((rawSr + "\n" + se).getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static void assertRestUnauthorized(HttpResponse<String> r, String what) {
    assertThat(r.statusCode()).as("%s: %s", what, r.body()).isEqualTo(401);
    assertThat(r.headers().firstValue(Headers.ERROR_CODE)).as(what).hasValue("401002");
    assertThat(r.body()).as(what).contains("\"errorCode\":401002");
  }

  private static void assertUpgradeUnauthorized(RawWebSocket.Response r, String what) {
    assertThat(r.status()).as("%s: %s", what, r).isEqualTo(401);
    assertThat(r.header(Headers.ERROR_CODE)).as("%s: %s", what, r).isEqualTo("401002");
    assertThat(r.body()).as(what).contains("\"errorCode\":401002");
  }
}
