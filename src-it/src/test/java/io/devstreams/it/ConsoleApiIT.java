package io.devstreams.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.devstreams.protocol.tunnel.HubTls;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's HTTP contract without a browser, against the real hub: its security headers, what
 * sign-in accepts, that a session and a SAS token each open only their own door, and that a session
 * has exactly its policy's rights.
 */
class ConsoleApiIT {
  private static final Pattern KEY = Pattern.compile("SharedAccessKey=(\\S+)");
  private static final Pattern COOKIE =
      Pattern.compile(
          "__Host-devstreams-console=([A-Za-z0-9_-]+); Path=/; Secure; HttpOnly;"
              + " SameSite=Strict; Max-Age=\\d+");

  private static HubProcess hub;
  private static HttpClient client;

  @BeforeAll
  static void startHub() throws IOException {
    Path dir = Files.createTempDirectory(Path.of("target"), "console-api-").toAbsolutePath();
    hub = HubProcess.start(dir.resolve("hub"));
    client = HttpClient.newBuilder().sslContext(HubTls.sslContext(hub.trustCert())).build();
  }

  @AfterAll
  static void stopHub() {
    Closeables.closeAll(hub);
  }

  @Test
  void everythingUnderConsoleHasStrictSecurityHeaders() {
    for (String path :
        new String[] {"/console/", "/console/assets/app.js", "/console/api/session"}) {
      HttpResponse<String> response = send(get(path));
      assertThat(response.headers().firstValue("Content-Security-Policy"))
          .as(path)
          .hasValueSatisfying(
              csp ->
                  assertThat(csp)
                      .contains("default-src 'none'", "script-src 'self'", "frame-ancestors 'none'")
                      .doesNotContain("unsafe-inline", "unsafe-eval"));
      assertThat(response.headers().firstValue("X-Frame-Options")).as(path).hasValue("DENY");
      assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
      assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    }
    assertThat(send(get("/console/api/session")).headers().firstValue("Cache-Control"))
        .hasValue("no-store");
    HttpResponse<String> page = send(get("/console/"));
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .doesNotContain("<script>", "style=")
        .doesNotContainPattern(" on[a-z]+=");
  }

  @Test
  void signInTakesJsonFromItsOwnPageOnly() {
    String body = "{\"policy\":\"iothubowner\",\"key\":\"" + key("owner") + "\"}";

    HttpResponse<String> form =
        send(
            post("/console/api/session", "policy=iothubowner&key=x")
                .header("Content-Type", "application/x-www-form-urlencoded"));
    assertThat(form.statusCode()).isEqualTo(415);
    assertThat(form.body()).contains("sign-in takes application/json");

    HttpResponse<String> foreign =
        send(
            post("/console/api/session", body)
                .header("Content-Type", "application/json")
                .header("Origin", "https://evil.example"));
    assertThat(foreign.statusCode()).isEqualTo(403);
    assertThat(foreign.body()).contains("from its own page only");
    assertThat(foreign.headers().firstValue("Set-Cookie")).isEmpty();

    HttpResponse<String> ok = signIn("iothubowner", key("owner"));
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.headers().firstValue("Set-Cookie"))
        .hasValueSatisfying(c -> assertThat(c).matches(COOKIE));
    assertThat(ok.body()).contains("\"csrfToken\":").doesNotContain(key("owner"));
  }

  @Test
  void aSessionIsNoSasTokenAndASasTokenIsNoSession() {
    String cookie = cookie(signIn("iothubowner", key("owner")));
    String token = new HubHttp(hub).policyToken("iothubowner");

    HttpResponse<String> restWithCookie = send(get("/devices").header("Cookie", cookie));
    assertThat(restWithCookie.statusCode()).isEqualTo(401);
    HttpResponse<String> consoleWithToken =
        send(get("/console/api/devices").header("Authorization", token));
    assertThat(consoleWithToken.statusCode()).isEqualTo(401);
    assertThat(consoleWithToken.body()).contains("not signed in to the console");
    assertThat(send(get("/console/api/devices").header("Cookie", cookie)).statusCode())
        .isEqualTo(200);
  }

  @Test
  void aSessionHasExactlyItsPolicysRights() {
    HttpResponse<String> service = signIn("service", key("service"));
    String cookie = cookie(service);
    String csrf = csrf(service);

    HttpResponse<String> devices = send(get("/console/api/devices").header("Cookie", cookie));
    assertThat(devices.statusCode()).isEqualTo(403);
    assertThat(devices.body()).contains("policy 'service' does not grant RegistryRead");
    HttpResponse<String> hubPage = send(get("/console/api/hub").header("Cookie", cookie));
    assertThat(hubPage.statusCode()).isEqualTo(403);
    HttpResponse<String> audit = send(get("/console/api/audit").header("Cookie", cookie));
    assertThat(audit.statusCode()).isEqualTo(200);
    HttpResponse<String> close =
        send(
            post("/console/api/streams/no-such-stream/close", "")
                .header("Cookie", cookie)
                .header("X-CSRF-Token", csrf));
    assertThat(close.statusCode()).isEqualTo(404);
    assertThat(close.body()).contains("stream 'no-such-stream' is not active on this hub");
  }

  @Test
  void signOutEndsTheSessionAndNeedsItsCsrfToken() {
    HttpResponse<String> owner = signIn("iothubowner", key("owner"));
    String cookie = cookie(owner);

    HttpResponse<String> forged =
        send(HttpRequest.newBuilder(uri("/console/api/session")).DELETE().header("Cookie", cookie));
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(send(get("/console/api/devices").header("Cookie", cookie)).statusCode())
        .isEqualTo(200);

    HttpResponse<String> out =
        send(
            HttpRequest.newBuilder(uri("/console/api/session"))
                .DELETE()
                .header("Cookie", cookie)
                .header("X-CSRF-Token", csrf(owner)));
    assertThat(out.statusCode()).isEqualTo(204);
    assertThat(out.headers().firstValue("Set-Cookie"))
        .hasValueSatisfying(c -> assertThat(c).contains("Max-Age=0"));
    HttpResponse<String> after = send(get("/console/api/devices").header("Cookie", cookie));
    assertThat(after.statusCode()).isEqualTo(401);
    assertThat(after.body()).contains("not signed in to the console");
  }

  private static HttpResponse<String> signIn(String policy, String key) {
    return send(
        post("/console/api/session", "{\"policy\":\"" + policy + "\",\"key\":\"" + key + "\"}")
            .header("Content-Type", "application/json"));
  }

  private static String cookie(HttpResponse<String> signIn) {
    Matcher m = COOKIE.matcher(signIn.headers().firstValue("Set-Cookie").orElseThrow());
    assertThat(m.matches()).as(signIn.headers().toString()).isTrue();
    return "__Host-devstreams-console=" + m.group(1);
  }

  private static String csrf(HttpResponse<String> signIn) {
    Matcher m = Pattern.compile("\"csrfToken\":\"([^\"]+)\"").matcher(signIn.body());
    assertThat(m.find()).as(signIn.body()).isTrue();
    return m.group(1);
  }

  private static String key(String policy) {
    try {
      Matcher m =
          KEY.matcher(Files.readString(hub.dataDir().resolve(policy + ".connection-string")));
      assertThat(m.find()).isTrue();
      return m.group(1);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static URI uri(String path) {
    return URI.create(hub.baseUrl() + path);
  }

  private static HttpRequest.Builder get(String path) {
    return HttpRequest.newBuilder(uri(path)).GET();
  }

  private static HttpRequest.Builder post(String path, String body) {
    return HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body));
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return client.send(
          request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
