package io.devstreams.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.devstreams.protocol.SasKeys;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The registry's REST API on a real hub over real TLS: the Azure shape, SAS rights, and every bad
 * input with its problem+json answer and no partial write.
 */
class RegistryApiIT {
  private static final Pattern ETAG = Pattern.compile("\"etag\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern PRIMARY = Pattern.compile("\"primaryKey\"\\s*:\\s*\"([^\"]+)\"");

  private static HubProcess hub;
  private static HubHttp http;
  private static String owner;

  @BeforeAll
  static void startHub() throws Exception {
    Path dir = Files.createTempDirectory(Path.of("target"), "registry-api-");
    hub = HubProcess.start(dir.toAbsolutePath());
    http = new HubHttp(hub);
    owner = http.policyToken("iothubowner");
  }

  @AfterAll
  static void stopHub() {
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  void createdDeviceHasGeneratedKeysAndAnEtag() {
    HttpResponse<String> r = http.put("/devices/create-1", owner, "{\"deviceId\":\"create-1\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("ETag")).isPresent();
    String key = first(PRIMARY, r.body());
    assertThat(Base64.getDecoder().decode(key)).hasSize(32);
    HttpResponse<String> got = http.get("/devices/create-1?api-version=2021-04-12", owner);
    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(got.body())
        .contains("\"deviceId\":\"create-1\"", "\"status\":\"enabled\"", key)
        .contains("\"connectionState\":\"Disconnected\"");
  }

  @Test
  void missingTokenIsUnauthorizedWithProblemJson() {
    HttpResponse<String> r = http.send(http.request("/devices").GET());
    assertProblem(r, 401, "401002");
  }

  @Test
  void everyBadTokenGetsTheSameUnauthorizedAnswer() {
    byte[] key = SasKeys.decode(SasKeys.generate());
    String host = hub.hostPort();
    Instant soon = Instant.now().plusSeconds(600);
    List<String> bad =
        List.of(
            "garbage",
            "SharedAccessSignature sr=x",
            http.token(host, key, soon, "iothubowner"),
            http.token(host, key, soon, "nobody"),
            http.token("evil.example:443", key, soon, "iothubowner"),
            http.token(host + "/devices/create-1", key, soon, null),
            expiredOwnerToken(),
            farFutureOwnerToken());
    String firstBody = null;
    for (String token : bad) {
      HttpResponse<String> r = http.get("/devices", token);
      assertProblem(r, 401, "401002");
      firstBody = firstBody == null ? r.body() : firstBody;
      assertThat(r.body()).as("uniform body").isEqualTo(firstBody);
    }
  }

  @Test
  void readOnlyPolicyCannotWriteAndNothingIsCreated() {
    String reader = http.policyToken("registryRead");
    assertProblem(http.put("/devices/ro-1", reader, "{}"), 403, "403006");
    assertThat(http.get("/devices/ro-1", owner).statusCode()).isEqualTo(404);
    assertThat(http.get("/devices", reader).statusCode()).isEqualTo(200);
  }

  @Test
  void serviceConnectPolicyCannotReadTheRegistry() {
    assertProblem(http.get("/devices", http.policyToken("service")), 403, "403006");
  }

  @Test
  void unknownDeviceIsNotFound() {
    assertProblem(http.get("/devices/ghost", owner), 404, "404001");
  }

  @Test
  void duplicateCreateConflictsAndKeepsTheOriginalKeys() {
    String key = first(PRIMARY, http.put("/devices/dup-1", owner, "{}").body());
    assertProblem(http.put("/devices/dup-1", owner, "{}"), 409, "409001");
    assertThat(http.get("/devices/dup-1", owner).body()).contains(key);
  }

  @Test
  void updateWithStaleEtagFailsAndChangesNothing() {
    String etag = first(ETAG, http.put("/devices/etag-1", owner, "{}").body());
    HttpResponse<String> ok =
        http.send(
            http.request("/devices/etag-1")
                .header("Authorization", owner)
                .header("Content-Type", "application/json")
                .header("If-Match", "\"" + etag + "\"")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"status\":\"disabled\"}")));
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    String newEtag = first(ETAG, ok.body());
    assertThat(newEtag).isNotEqualTo(etag);
    HttpResponse<String> stale =
        http.send(
            http.request("/devices/etag-1")
                .header("Authorization", owner)
                .header("Content-Type", "application/json")
                .header("If-Match", "\"" + etag + "\"")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"status\":\"enabled\"}")));
    assertProblem(stale, 412, "412001");
    assertThat(http.get("/devices/etag-1", owner).body())
        .contains("\"status\":\"disabled\"", newEtag);
  }

  @Test
  void deleteWithWrongEtagFailsAndDeleteWithStarRemoves() {
    http.put("/devices/del-1", owner, "{}");
    assertProblem(http.delete("/devices/del-1", owner, "\"nope\""), 412, "412001");
    assertThat(http.get("/devices/del-1", owner).statusCode()).isEqualTo(200);
    assertThat(http.delete("/devices/del-1", owner, "*").statusCode()).isEqualTo(204);
    assertProblem(http.get("/devices/del-1", owner), 404, "404001");
  }

  @Test
  void emptyKeysAsAzureSdksSendThemAreGeneratedOnCreateAndKeptOnUpdate() {
    String empty =
        "{\"authentication\":{\"type\":\"sas\",\"symmetricKey\":"
            + "{\"primaryKey\":\"\",\"secondaryKey\":\"\"}}}";
    HttpResponse<String> created = http.put("/devices/empty-keys", owner, empty);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    String key = first(PRIMARY, created.body());
    assertThat(Base64.getDecoder().decode(key)).hasSize(32);
    HttpResponse<String> updated =
        http.send(
            http.request("/devices/empty-keys")
                .header("Authorization", owner)
                .header("Content-Type", "application/json")
                .header("If-Match", "\"*\"")
                .PUT(HttpRequest.BodyPublishers.ofString(empty)));
    assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
    assertThat(first(PRIMARY, updated.body())).isEqualTo(key);
  }

  @Test
  void errorsCarryAzuresMessageMemberForItsSdks() {
    assertThat(http.get("/devices/ghost-2", owner).body())
        .contains("\"Message\":\"ErrorCode:DeviceNotFound;device 'ghost-2' not found\"");
  }

  @Test
  void devicesAreQueriedWithPagesAndAClearRefusalOutsideTheSupportedLanguage() {
    for (int i = 0; i < 3; i++) {
      http.put("/devices/q-" + i, owner, "{\"status\":\"disabled\"}");
    }
    String sql = "SELECT * FROM devices WHERE status = 'disabled' AND deviceId IN ['q-0','q-2']";
    HttpResponse<String> first = query(sql, "1", null);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    assertThat(first.headers().firstValue("x-ms-item-type")).hasValue("twin");
    assertThat(first.body()).contains("\"deviceId\":\"q-0\"").doesNotContain("primaryKey");
    String continuation = first.headers().firstValue("x-ms-continuation").orElseThrow();
    HttpResponse<String> second = query(sql, "1", continuation);
    assertThat(second.body()).contains("\"deviceId\":\"q-2\"");
    assertThat(second.headers().firstValue("x-ms-continuation")).isEmpty();

    HttpResponse<String> projection = query("SELECT deviceId FROM devices", null, null);
    assertProblem(projection, 400, "400004");
    assertThat(projection.body()).contains("query: only SELECT * is supported");
    assertProblem(query(sql, "0", null), 400, "400004");
    assertProblem(
        http.send(
            http.request("/devices/query")
                .header("Authorization", owner)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"sql\":\"x\"}"))),
        400,
        "400004");
  }

  @Test
  void aDeviceNamedQueryIsStillReadAndWritten() {
    assertThat(http.put("/devices/query", owner, "{}").statusCode()).isEqualTo(200);
    HttpResponse<String> got = http.get("/devices/query", owner);
    assertThat(got.statusCode()).as(got.body()).isEqualTo(200);
    assertThat(got.body()).contains("\"deviceId\":\"query\"");
    assertThat(http.delete("/devices/query", owner, "*").statusCode()).isEqualTo(204);
  }

  private HttpResponse<String> query(String sql, String maxItems, String continuation) {
    HttpRequest.Builder r =
        http.request("/devices/query?api-version=2021-04-12")
            .header("Authorization", owner)
            .header("Content-Type", "application/json; charset=utf-8")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"query\":\"" + sql.replace("\"", "\\\"") + "\"}"));
    if (maxItems != null) {
      r.header("x-ms-max-item-count", maxItems);
    }
    if (continuation != null) {
      r.header("x-ms-continuation", continuation);
    }
    return http.send(r);
  }

  @Test
  void invalidDeviceIdsAreRefusedWithTheReason() {
    HttpResponse<String> r = http.put("/devices/" + "x".repeat(129), owner, "{}");
    assertProblem(r, 400, "400004");
    assertThat(r.body()).contains("128");
    assertProblem(http.put("/devices/a%23b", owner, "{}"), 400, "400004");
  }

  @Test
  void malformedBodiesAreRefusedAndWriteNothing() {
    assertProblem(http.put("/devices/bad-1", owner, "{\"status\":"), 400, "400004");
    assertProblem(http.put("/devices/bad-1", owner, "{\"status\":1}"), 400, "400004");
    assertProblem(http.put("/devices/bad-1", owner, "{\"status\":\"paused\"}"), 400, "400004");
    assertProblem(http.put("/devices/bad-1", owner, "{\"deviceId\":\"other\"}"), 400, "400004");
    HttpResponse<String> notJson =
        http.send(
            http.request("/devices/bad-1")
                .header("Authorization", owner)
                .header("Content-Type", "text/plain")
                .PUT(HttpRequest.BodyPublishers.ofString("{}")));
    assertProblem(notJson, 415, "415001");
    String huge = "{\"statusReason\":\"" + "x".repeat(70_000) + "\"}";
    assertProblem(http.put("/devices/bad-1", owner, huge), 413, "413001");
    assertProblem(http.get("/devices/bad-1", owner), 404, "404001");
  }

  @Test
  void listingIsPagedWithAContinuation() {
    for (int i = 0; i < 5; i++) {
      http.put("/devices/page-" + i, owner, "{}");
    }
    List<String> ids = new ArrayList<>();
    String continuation = null;
    int pages = 0;
    do {
      HttpRequest.Builder r = http.request("/devices?top=2").header("Authorization", owner).GET();
      if (continuation != null) {
        r.header("x-ms-continuation", continuation);
      }
      HttpResponse<String> page = http.send(r);
      assertThat(page.statusCode()).isEqualTo(200);
      Matcher m = Pattern.compile("\"deviceId\":\"(page-[0-9])\"").matcher(page.body());
      while (m.find()) {
        ids.add(m.group(1));
      }
      continuation = page.headers().firstValue("x-ms-continuation").orElse(null);
      pages++;
    } while (continuation != null && pages < 100);
    assertThat(ids).containsExactly("page-0", "page-1", "page-2", "page-3", "page-4");
  }

  @Test
  void healthAnswersWithoutAToken() {
    for (String path : List.of("/health", "/health/ready", "/health/live")) {
      HttpResponse<String> health = http.send(http.request(path).GET());
      assertThat(health.statusCode()).as(path).isEqualTo(200);
      assertThat(health.body()).as(path).contains("UP");
    }
  }

  @Test
  void nothingButHealthAnswersWithoutAToken() {
    List<String> paths =
        List.of(
            "/",
            "/metrics",
            "/metrics/base",
            "/metrics/application",
            "/openapi",
            "/openapi/",
            "/openapi/ui",
            "/openapi-ui",
            "/devices",
            "/devices/create-1",
            "/streams",
            "/twins/create-1/streams/ssh",
            "/index.html",
            "/favicon.ico",
            "/Metrics",
            "/METRICS",
            "/metrics;x=y",
            "/./metrics",
            "/x/../metrics",
            "/%6detrics",
            "/openapi%2F",
            "/health/../metrics");
    for (String path : paths) {
      HttpResponse<String> r = http.send(http.request(path).GET());
      assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isIn(401, 400, 404);
      assertThat(r.body()).as(path).doesNotContain("devstreams_streams", "openapi:");
    }
  }

  @Test
  void metricsAndOpenApiAnswerARegistryReadToken() {
    String registryRead = http.policyToken("registryRead");
    HttpResponse<String> metrics = http.get("/metrics", registryRead);
    assertThat(metrics.statusCode()).as(metrics.body()).isEqualTo(200);
    assertThat(metrics.body()).contains("devstreams_streams_active");
    HttpResponse<String> openapi = http.get("/openapi", registryRead);
    assertThat(openapi.statusCode()).isEqualTo(200);
    assertThat(openapi.body()).contains("/devices");
  }

  @Test
  void metricsAndOpenApiRefuseMissingAndBadTokensWithProblemJson() {
    for (String path : List.of("/metrics", "/openapi")) {
      assertProblem(http.send(http.request(path).GET()), 401, "401002");
      assertProblem(http.get(path, "SharedAccessSignature sr=x&sig=y&se=1"), 401, "401002");
      assertProblem(http.get(path, expiredOwnerToken()), 401, "401002");
    }
  }

  @Test
  void metricsAndOpenApiRefuseAPolicyWithoutRegistryRead() {
    String service = http.policyToken("service");
    for (String path : List.of("/metrics", "/openapi")) {
      HttpResponse<String> r = http.get(path, service);
      assertProblem(r, 403, "403006");
      assertThat(r.body()).doesNotContain("devstreams_streams", "openapi:");
    }
  }

  @Test
  void defaultMaximumLifetimeIs24Hours() {
    Instant now = Instant.now();
    assertThat(http.get("/devices", reSign(now.plusSeconds(24 * 3600 - 60))).statusCode())
        .isEqualTo(200);
    assertProblem(http.get("/devices", reSign(now.plusSeconds(24 * 3600 + 60))), 401, "401002");
  }

  private static String expiredOwnerToken() {
    return reSign(Instant.now().minusSeconds(10));
  }

  private static String farFutureOwnerToken() {
    return reSign(Instant.now().plusSeconds(400 * 24 * 3600L));
  }

  private static String reSign(Instant expiry) {
    try {
      var cs =
          io.devstreams.protocol.ConnectionString.parse(
              Files.readString(hub.dataDir().resolve("owner.connection-string")).trim());
      return http.token(cs.sasResource(), cs.keyBytes(), expiry, cs.sharedAccessKeyName());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void assertProblem(HttpResponse<String> r, int status, String code) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
    assertThat(r.headers().firstValue("iothub-errorcode")).hasValue(code);
    assertThat(r.body()).contains("\"errorCode\":" + code, "\"status\":" + status);
  }

  private static String first(Pattern p, String body) {
    Matcher m = p.matcher(body);
    assertThat(m.find()).as("%s in %s", p, body).isTrue();
    return m.group(1);
  }
}
