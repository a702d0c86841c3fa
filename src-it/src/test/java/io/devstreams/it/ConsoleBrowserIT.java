package io.devstreams.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The web console in a real Chromium against the real hub, agent and CLI: the whole path an
 * operator takes (sign in, create a device, watch its agent come online, watch a stream's bytes
 * grow, close it, find it in the audit, the hub's figures, sign out), and the bad inputs, each with
 * a clear message and nothing changed. Screenshots of every page go to {@code
 * target/console-screenshots}.
 */
class ConsoleBrowserIT {
  private static final Duration UP = Duration.ofSeconds(90);
  private static final Pattern KEY = Pattern.compile("SharedAccessKey=(\\S+)");

  private static HubProcess hub;
  private static TcpTargets echo;
  private static Path dir;
  private ConsoleBrowser browser;

  @BeforeAll
  static void startHub() throws IOException {
    dir = Files.createTempDirectory(Path.of("target"), "console-").toAbsolutePath();
    hub = HubProcess.start(dir.resolve("hub"));
    echo = TcpTargets.echo();
  }

  @AfterAll
  static void stopHub() {
    Closeables.closeAll(echo, hub);
  }

  @BeforeEach
  void openBrowser() {
    browser = ConsoleBrowser.start(hub);
  }

  @AfterEach
  void closeBrowser() {
    browser.close();
  }

  @Test
  void anOperatorWatchesADeviceComeOnlineClosesItsStreamAndFindsItInTheAudit() throws Exception {
    browser.open();
    browser.waitFor(d -> d.findElement(By.id("signin-form")).isDisplayed());
    browser.screenshot("01-sign-in");
    browser.signIn("iothubowner", key("owner"));
    // The key is gone from the page, and nothing of the session is readable by a script.
    assertThat(browser.driver().findElement(By.id("signin-key")).getAttribute("value")).isEmpty();
    assertThat(browser.script("return document.cookie")).isEqualTo("");
    assertThat(browser.script("return localStorage.length + sessionStorage.length")).isEqualTo(0L);
    assertThat(browser.driver().manage().getCookieNamed("__Host-devstreams-console"))
        .satisfies(c -> assertThat(c.isHttpOnly()).isTrue())
        .satisfies(c -> assertThat(c.isSecure()).isTrue())
        .satisfies(c -> assertThat(c.getSameSite()).isEqualTo("Strict"));

    String connectionString = createDevice("console-dev1");
    assertThat(connectionString)
        .startsWith("HostName=" + hub.hostPort() + ";DeviceId=console-dev1;");
    browser.driver().findElement(By.id("dialog-keys-copy")).click();
    browser.waitFor(d -> d.findElement(By.id("dialog-keys-copied")).getText().contains("Copied"));
    browser.screenshot("02-device-created");
    browser.driver().findElement(By.id("dialog-keys-close")).click();
    WebElement row = deviceRow("console-dev1");
    assertThat(row.findElement(By.cssSelector("td.connection")).getText()).isEqualTo("Offline");
    browser.script("window.notReloaded = true");

    try (ManagedProcess agent =
        ManagedProcess.agent(
            dir.resolve("agent.log"),
            hub,
            connectionString,
            List.of("--service", "echo=127.0.0.1:" + echo.port()))) {
      agent.await("connected to", UP);
      browser.waitFor(
          d ->
              deviceRow("console-dev1")
                  .findElement(By.cssSelector("td.connection"))
                  .getText()
                  .equals("Online"));
      assertThat(browser.script("return window.notReloaded")).isEqualTo(true);
      browser.screenshot("03-devices");

      browser.go("streams");
      browser.script("window.notReloaded = true");
      try (StdioSession stream = StdioSession.start(Cli.ownerEnv(hub), "console-dev1", "echo")) {
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer = pace(stream, writing);
        WebElement streamRow =
            browser.waitFor(
                d ->
                    d.findElement(
                        By.xpath(
                            "//table[@id='streams-table']//tr[td/code[text()='console-dev1']]")));
        long first = bytesOf(streamRow);
        browser.waitFor(d -> bytesOf(streamRow) > first);
        assertThat(browser.script("return window.notReloaded")).isEqualTo(true);
        browser.screenshot("04-streams");

        streamRow.findElement(By.cssSelector("td.actions button")).click();
        browser.waitFor(d -> d.findElement(By.id("dialog-confirm")).isDisplayed());
        browser.driver().findElement(By.id("dialog-confirm-yes")).click();
        browser.waitFor(
            d ->
                d.findElements(
                        By.xpath(
                            "//table[@id='streams-table']//tr[td/code[text()='console-dev1']]"))
                    .isEmpty());
        assertThat(stream.awaitExit(Duration.ofSeconds(30))).isNotZero();
        writing.set(false);
        writer.join(10_000);
        assertThat(stream.stderr())
            .contains("closed with 4008 (closed at the hub by an operator)")
            .contains("closed by policy 'iothubowner'");
      }

      browser.go("audit");
      browser.driver().findElement(By.id("audit-device")).sendKeys("console-dev1");
      String recorded =
          browser.waitFor(
              d -> {
                d.findElement(By.cssSelector("#audit-filters button[type=submit]")).click();
                return d.findElement(
                        By.xpath("//table[@id='audit-table']//tr[td[contains(., '4008')]]"))
                    .getText();
              });
      assertThat(recorded)
          .contains("console-dev1", "echo", "iothubowner", "accepted")
          .endsWith("4008 closed by policy 'iothubowner'");
      browser.screenshot("05-audit");
      String csvLink = browser.driver().findElement(By.id("audit-csv")).getAttribute("href");
      Map<String, Object> csv = browser.fetch("GET", csvLink, Map.of(), null);
      assertThat(csv.get("status")).isEqualTo(200L);
      assertThat((String) csv.get("body"))
          .startsWith("time,streamId,requestedBy,deviceId,name,outcome,")
          .contains(",iothubowner,console-dev1,echo,accepted,")
          .contains("4008,closed by policy 'iothubowner'");

      browser.go("hub");
      browser.waitFor(d -> d.findElement(By.id("hub-health")).getText().equals("UP"));
      browser.waitFor(d -> figure("Devices connected").equals("1"));
      assertThat(figure("Streams opened")).isEqualTo("1");
      assertThat(browser.all(By.cssSelector(".charts svg.chart"))).hasSize(3);
      browser.screenshot("06-hub");
    }

    browser.driver().findElement(By.id("sign-out")).click();
    browser.waitFor(d -> d.findElement(By.id("signin-form")).isDisplayed());
    assertThat(browser.text("signin-error")).isEqualTo("You signed out.");
    assertThat(browser.fetch("GET", "api/session", Map.of(), null).get("status")).isEqualTo(401L);
    browser.screenshot("07-signed-out");
  }

  @Test
  void aWrongKeyIsRefusedWithAClearMessageAndNoSession() {
    browser.open();
    browser.fillSignIn("iothubowner", "d3Jvbmcga2V5IG9mIGV4YWN0bHkgMzIgYnl0ZXMgISE=");

    browser.waitFor(d -> d.findElement(By.id("signin-error")).isDisplayed());
    assertThat(browser.text("signin-error"))
        .isEqualTo("Sign-in failed: the policy name or key is wrong.");
    assertThat(browser.driver().manage().getCookieNamed("__Host-devstreams-console")).isNull();
    assertThat(browser.fetch("GET", "api/session", Map.of(), null).get("status")).isEqualTo(401L);
    assertThat(browser.present(By.cssSelector("#nav:not([hidden])"))).isFalse();
    browser.screenshot("10-wrong-key");
  }

  @Test
  void aChangeWithoutTheCsrfTokenIsRefusedAndChangesNothing() {
    browser.open();
    browser.signIn("iothubowner", key("owner"));

    Map<String, Object> forged =
        browser.fetch(
            "POST",
            "api/devices",
            Map.of("Content-Type", "application/json"),
            "{\"deviceId\":\"csrf-victim\"}");

    assertThat(forged.get("status")).isEqualTo(403L);
    assertThat((String) forged.get("body")).contains("lacks the console session's X-CSRF-Token");
    assertThat(restStatus("/devices/csrf-victim")).isEqualTo(404);
  }

  @Test
  void aPolicyWithoutTheRightSeesNoButtonAndIsRefused() {
    Cli.Result created = Cli.run(Cli.ownerEnv(hub), "device", "create", "read-only-view");
    assertThat(created.exitCode()).as(created.toString()).isZero();
    browser.open();
    browser.signIn("registryRead", key("registryRead"));

    WebElement row = deviceRow("read-only-view");
    assertThat(browser.driver().findElement(By.id("device-create")).isDisplayed()).isFalse();
    assertThat(row.findElements(By.tagName("button"))).isEmpty();
    assertThat(browser.all(By.cssSelector("nav a[data-page='streams']")).get(0).isDisplayed())
        .isFalse();
    browser.screenshot("11-read-only");

    String csrf = csrfToken();
    Map<String, Object> delete =
        browser.fetch("DELETE", "api/devices/read-only-view", Map.of("X-CSRF-Token", csrf), null);
    assertThat(delete.get("status")).isEqualTo(403L);
    assertThat((String) delete.get("body"))
        .contains("policy 'registryRead' does not grant RegistryWrite");
    Map<String, Object> streams = browser.fetch("GET", "api/streams/live", Map.of(), null);
    assertThat(streams.get("status")).isEqualTo(403L);
    assertThat(restStatus("/devices/read-only-view")).isEqualTo(200);
  }

  @Test
  void aDeviceIdAzureForbidsGetsAClearMessageAndNoDevice() {
    browser.open();
    browser.signIn("iothubowner", key("owner"));

    WebElement field = browser.driver().findElement(By.id("create-id"));
    field.sendKeys("bad id#1");
    browser.driver().findElement(By.id("create-submit")).click();

    browser.waitFor(d -> d.findElement(By.id("create-error")).isDisplayed());
    assertThat(browser.text("create-error"))
        .isEqualTo(
            "Could not create device: device id contains ' ' at position 3; allowed: letters,"
                + " digits and - . _ * ? ! ( ) , : = @ $ '");
    assertThat(browser.driver().findElement(By.id("dialog-keys")).isDisplayed()).isFalse();
    assertThat(restStatus("/devices/bad%20id%231")).isIn(400, 404);
    assertThat(restStatus("/devices?top=1000")).isEqualTo(200);
    assertThat(new HubHttp(hub).get("/devices?top=1000", token()).body()).doesNotContain("bad id");
    browser.screenshot("12-bad-device-id");
  }

  @Test
  void everyPageHasLabelsKeyboardUseAVisibleFocusAndEnoughContrast() {
    browser.open();
    browser.waitFor(d -> d.findElement(By.id("signin-form")).isDisplayed());
    assertThat(browser.script("return document.activeElement.id")).isEqualTo("signin-policy");
    new Actions(browser.driver())
        .sendKeys("iothubowner")
        .sendKeys(Keys.TAB)
        .sendKeys(key("owner"))
        .sendKeys(Keys.ENTER)
        .perform();
    browser.waitFor(d -> d.findElement(By.id("who")).isDisplayed());

    for (String page : List.of("devices", "streams", "audit", "hub")) {
      browser.go(page);
      assertThat(browser.script(UNLABELLED))
          .as("controls without a label on " + page)
          .asList()
          .isEmpty();
      assertThat(browser.script(LOW_CONTRAST))
          .as("text below WCAG AA contrast on " + page)
          .asList()
          .isEmpty();
    }
    browser.go("devices");
    browser.driver().navigate().refresh();
    browser.waitFor(d -> d.findElement(By.id("page-devices")).isDisplayed());
    new Actions(browser.driver()).sendKeys(Keys.TAB).perform();
    assertThat(browser.script("return document.activeElement.textContent"))
        .isEqualTo("Skip to content");
    assertThat(
            browser.script(
                "const s = getComputedStyle(document.activeElement);"
                    + " return s.outlineStyle + ' ' + parseFloat(s.outlineWidth)"))
        .isEqualTo("solid 3");
    new Actions(browser.driver()).sendKeys(Keys.ENTER).perform();
    assertThat(browser.script("return document.activeElement.id")).isEqualTo("main");
    assertThat(browser.driver().findElement(By.id("page-devices")).isDisplayed()).isTrue();
  }

  /** Visible form controls and buttons that have no label, aria-label or text. */
  private static final String UNLABELLED =
      "return [...document.querySelectorAll('input, select, textarea, button')]"
          + ".filter(e => e.offsetParent !== null)"
          + ".filter(e => e.tagName === 'BUTTON' ? !e.textContent.trim() && !e.getAttribute('aria-label')"
          + " : !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))"
          + ".map(e => e.id || e.outerHTML.slice(0, 80));";

  /**
   * Visible elements whose own text has less contrast with the background behind it than WCAG AA
   * asks (4.5:1, or 3:1 for large text); disabled buttons are exempt, as WCAG exempts them.
   */
  private static final String LOW_CONTRAST =
      "const lum = c => { const [r, g, b] = c.match(/[\\d.]+/g).slice(0, 3).map(Number).map(v =>"
          + " { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });"
          + " return 0.2126 * r + 0.7152 * g + 0.0722 * b; };"
          + "const behind = e => { for (; e; e = e.parentElement) { const c ="
          + " getComputedStyle(e).backgroundColor; const m = c.match(/[\\d.]+/g);"
          + " if (m && (m.length < 4 || Number(m[3]) > 0.5)) return c; } return 'rgb(255, 255, 255)'; };"
          + "const bad = [];"
          + "for (const e of document.querySelectorAll('body *')) {"
          + " if (e.offsetParent === null || e.closest('button:disabled, svg')) continue;"
          + " if (![...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue;"
          + " const s = getComputedStyle(e); const a = lum(s.color), b = lum(behind(e));"
          + " const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);"
          + " const size = parseFloat(s.fontSize);"
          + " const large = size >= 24 || (size >= 18.66 && Number(s.fontWeight) >= 700);"
          + " if (ratio < (large ? 3 : 4.5)) bad.push(e.tagName + ' \"' + e.textContent.trim().slice(0, 30)"
          + " + '\" ' + ratio.toFixed(2)); }"
          + "return bad;";

  private String createDevice(String id) {
    browser.driver().findElement(By.id("create-id")).sendKeys(id);
    browser.driver().findElement(By.id("create-submit")).click();
    browser.waitFor(d -> d.findElement(By.id("dialog-keys")).isDisplayed());
    return browser.driver().findElement(By.id("dialog-keys-value")).getAttribute("value");
  }

  private WebElement deviceRow(String id) {
    return browser.waitFor(d -> d.findElement(By.cssSelector("tr[data-device='" + id + "']")));
  }

  private String figure(String name) {
    return browser
        .driver()
        .findElement(By.xpath("//dl[@id='hub-figures']/div[dt[text()='" + name + "']]/dd"))
        .getText();
  }

  private static long bytesOf(WebElement streamRow) {
    return Long.parseLong(
        streamRow.findElement(By.cssSelector("td.from-service")).getAttribute("data-bytes"));
  }

  /** Writes 4 KiB into the stream every 50 ms until told to stop or the stream ends. */
  private static Thread pace(StdioSession stream, AtomicBoolean writing) {
    Thread t =
        new Thread(
            () -> {
              byte[] chunk = new byte[4096];
              OutputStream in = stream.stdin();
              while (writing.get()) {
                try {
                  in.write(chunk);
                  in.flush();
                } catch (IOException e) {
                  return;
                }
                // Pacing the writer, not waiting for an event.
                LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
              }
            },
            "console-stream-writer");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private String csrfToken() {
    Map<String, Object> session = browser.fetch("GET", "api/session", Map.of(), null);
    Matcher m = Pattern.compile("\"csrfToken\":\"([^\"]+)\"").matcher((String) session.get("body"));
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  private static String key(String policy) {
    String file = policy.equals("owner") ? "owner" : policy;
    try {
      Matcher m = KEY.matcher(Files.readString(hub.dataDir().resolve(file + ".connection-string")));
      assertThat(m.find()).isTrue();
      return m.group(1);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String token() {
    return new HubHttp(hub).policyToken("iothubowner");
  }

  private static int restStatus(String path) {
    HttpResponse<String> response = new HubHttp(hub).get(path, token());
    return response.statusCode();
  }
}
