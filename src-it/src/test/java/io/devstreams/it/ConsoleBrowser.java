package io.devstreams.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven by its chromedriver through Selenium, on the console of one
 * hub: a fresh profile each time, the flags Chromium needs on a closed network, and the hub's
 * self-signed certificate accepted. Screenshots go to {@code target/console-screenshots}.
 */
final class ConsoleBrowser implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
  static final Duration WAIT = Duration.ofSeconds(30);

  private final HubProcess hub;
  private final Path profile;
  private final ChromeDriver driver;

  private ConsoleBrowser(HubProcess hub, Path profile, ChromeDriver driver) {
    this.hub = hub;
    this.profile = profile;
    this.driver = driver;
  }

  /** Starts Chromium on a fresh profile (as the machine notes say it must be started here). */
  static ConsoleBrowser start(HubProcess hub) {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      throw new AssertionError(
          "the console's browser tests need Debian's Chromium and its driver at "
              + CHROMIUM
              + " and "
              + CHROMEDRIVER
              + ": apt-get install chromium chromium-driver");
    }
    try {
      Path profile = Files.createTempDirectory("console-chromium-");
      ChromeOptions options = new ChromeOptions();
      options.setBinary(CHROMIUM.toFile());
      options.setAcceptInsecureCerts(true);
      options.addArguments(
          "--headless=new",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--disable-dev-shm-usage",
          "--window-size=1280,900",
          "--user-data-dir=" + profile);
      ChromeDriverService service =
          new ChromeDriverService.Builder()
              .usingDriverExecutable(CHROMEDRIVER.toFile())
              .usingAnyFreePort()
              .build();
      ChromeDriver driver = new ChromeDriver(service, options);
      driver.manage().timeouts().scriptTimeout(WAIT);
      return new ConsoleBrowser(hub, profile, driver);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  WebDriver driver() {
    return driver;
  }

  /** Opens the console's page (a new page load). */
  void open() {
    driver.get(hub.baseUrl() + "/console/");
  }

  /** Signs in through the form and waits until a page of the console shows. */
  void signIn(String policy, String key) {
    fillSignIn(policy, key);
    waitFor(d -> d.findElement(By.id("who")).isDisplayed());
  }

  /** Types a policy and key into the sign-in form and submits it. */
  void fillSignIn(String policy, String key) {
    waitFor(d -> d.findElement(By.id("signin-form")).isDisplayed());
    WebElement name = driver.findElement(By.id("signin-policy"));
    name.clear();
    name.sendKeys(policy);
    WebElement field = driver.findElement(By.id("signin-key"));
    field.clear();
    field.sendKeys(key);
    driver.findElement(By.id("signin-submit")).click();
  }

  /** Goes to a page through the navigation, as a person clicks it. */
  void go(String page) {
    driver.findElement(By.cssSelector("nav a[data-page='" + page + "']")).click();
    waitFor(d -> d.findElement(By.id("page-" + page)).isDisplayed());
  }

  /** Waits (at most 30 s, polling) until {@code condition} gives a value that is not null/false. */
  <T> T waitFor(Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, WAIT).ignoring(RuntimeException.class).until(condition::apply);
  }

  /** The visible text of the element with this id. */
  String text(String id) {
    return driver.findElement(By.id(id)).getText();
  }

  boolean present(By by) {
    return !driver.findElements(by).isEmpty();
  }

  List<WebElement> all(By by) {
    return driver.findElements(by);
  }

  /**
   * Runs {@code fetch(path, init)} in the page (so with its cookie and origin, as a script on the
   * page would) and returns {@code {status, body}}.
   */
  @SuppressWarnings("unchecked")
  Map<String, Object> fetch(String method, String path, Map<String, String> headers, String body) {
    return (Map<String, Object>)
        ((JavascriptExecutor) driver)
            .executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "fetch(arguments[1], {method: arguments[0], headers: arguments[2],"
                    + " body: arguments[3], credentials: 'same-origin'})"
                    + ".then(r => r.text().then(t => done({status: r.status, body: t})))"
                    + ".catch(e => done({status: -1, body: String(e)}));",
                method,
                path,
                headers,
                body);
  }

  Object script(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /** Saves a screenshot of the window as {@code target/console-screenshots/NAME.png}. */
  Path screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
      Path target = SCREENSHOTS.resolve(name + ".png");
      Files.copy(shot.toPath(), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      } catch (IOException e) {
        // a profile left in /tmp is harmless
      }
    }
  }
}
