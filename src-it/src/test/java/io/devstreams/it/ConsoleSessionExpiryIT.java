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
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;

/**
 * A console session ends at its lifetime whatever the page does: on a hub whose sessions last 8 s,
 * an open Devices page (with its live feed) returns to the sign-in form saying the session expired,
 * and the session's cookie, replayed, is refused with the same reason.
 */
class ConsoleSessionExpiryIT {
  private static HubProcess hub;

  @BeforeAll
  static void startHub() throws IOException {
    Path dir = Files.createTempDirectory(Path.of("target"), "console-expiry-").toAbsolutePath();
    hub =
        HubProcess.start(
            dir.resolve("hub"),
            Map.of("DEVSTREAMS_HUB_JAVA_OPTS", "-Ddevstreams.console.session-lifetime=PT8S"));
  }

  @AfterAll
  static void stopHub() {
    Closeables.closeAll(hub);
  }

  @Test
  void anExpiredSessionSendsThePageToSignInAndItsCookieIsRefused() throws Exception {
    try (ConsoleBrowser browser = ConsoleBrowser.start(hub)) {
      browser.open();
      browser.signIn("iothubowner", ownerKey());
      browser.waitFor(d -> d.findElement(By.id("devices-live")).isDisplayed());
      Cookie session = browser.driver().manage().getCookieNamed("__Host-devstreams-console");
      assertThat(session).isNotNull();

      browser.waitFor(d -> d.findElement(By.id("signin-form")).isDisplayed());
      assertThat(browser.text("signin-error"))
          .matches("(?i)your (console )?session expired at .+: sign in again\\.?");
      assertThat(browser.present(By.cssSelector("#nav:not([hidden])"))).isFalse();
      browser.screenshot("13-session-expired");

      HttpResponse<String> replayed = replay(session, "/console/api/devices");
      assertThat(replayed.statusCode()).isEqualTo(401);
      assertThat(replayed.body()).contains("your console session expired at");
      Map<String, Object> change =
          browser.fetch(
              "POST",
              "api/devices",
              Map.of("Content-Type", "application/json"),
              "{\"deviceId\":\"too-late\"}");
      assertThat(change.get("status")).isEqualTo(401L);
      assertThat(new HubHttp(hub).get("/devices/too-late", token()).statusCode()).isEqualTo(404);
    }
  }

  private static HttpResponse<String> replay(Cookie cookie, String path) throws Exception {
    HttpClient client =
        HttpClient.newBuilder().sslContext(HubTls.sslContext(hub.trustCert())).build();
    return client.send(
        HttpRequest.newBuilder(URI.create(hub.baseUrl() + path))
            .header("Cookie", cookie.getName() + "=" + cookie.getValue())
            .timeout(Duration.ofSeconds(30))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String token() {
    return new HubHttp(hub).policyToken("iothubowner");
  }

  private static String ownerKey() throws IOException {
    Matcher m =
        Pattern.compile("SharedAccessKey=(\\S+)")
            .matcher(Files.readString(hub.dataDir().resolve("owner.connection-string")));
    assertThat(m.find()).isTrue();
    return m.group(1);
  }
}
