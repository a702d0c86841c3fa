package io.devstreams.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.devstreams.protocol.ConnectionString;
import io.devstreams.protocol.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs a workload on a real hub — devices created and shown with the CLI, an agent, streams through
 * {@code forward}, a stream joined by hand, and refused attempts with bad tokens on every endpoint
 * — then reads every log it left: the hub's output (its log) and any other log file under its data
 * directory (an access log, if one is ever switched on), the agent's and the forwarder's output and
 * the CLI's standard error. None may hold a key, a signature or a token; every refused credential
 * must be logged with the caller's address and a reason.
 */
class SecretsNotLoggedIT {
  private static final Duration UP = Duration.ofSeconds(60);
  private static final Pattern PRIMARY = Pattern.compile("\"primaryKey\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern SECONDARY = Pattern.compile("\"secondaryKey\"\\s*:\\s*\"([^\"]+)\"");

  /** Everything secret the workload used or saw: keys, tokens and their signatures. */
  private static final Set<String> SECRETS = new LinkedHashSet<>();

  private static Path dir;
  private static HubProcess hub;
  private static HubHttp http;
  private static TcpTargets echo;
  private static ManagedProcess agent;
  private static ManagedProcess forward;
  private static final List<Cli.Result> CLI_RUNS = new ArrayList<>();

  @BeforeAll
  static void runTheWorkload() throws Exception {
    dir = Files.createTempDirectory(Path.of("target"), "secrets-").toAbsolutePath();
    hub = HubProcess.start(dir.resolve("hub"));
    http = new HubHttp(hub);
    collectHubSecrets();
    Map<String, String> owner = Cli.ownerEnv(hub);

    String device = cli(owner, "device", "create", "sensor1").stdout().trim();
    secret(ConnectionString.parse(device).sharedAccessKey());
    String shown = cli(owner, "device", "show", "sensor1", "--json").stdout();
    secret(first(PRIMARY, shown));
    secret(first(SECONDARY, shown));
    cli(owner, "device", "rotate-key", "sensor1");
    device = rotatedConnectionString(owner);
    cli(owner, "device", "list");

    echo = TcpTargets.echo();
    agent =
        ManagedProcess.agent(
            dir.resolve("agent.log"),
            hub,
            device,
            List.of("--service", "echo=127.0.0.1:" + echo.port()));
    agent.await("connected to", UP);
    forward =
        ManagedProcess.start(
            dir.resolve("forward.log"),
            owner,
            "devstreams",
            List.of("forward", "sensor1", "echo", "--local-port", "0"));
    Matcher port =
        Pattern.compile("127\\.0\\.0\\.1:(\\d+)").matcher(forward.await("forwarding", UP));
    assertThat(port.find()).isTrue();
    for (int i = 0; i < 3; i++) {
      echoThrough(Integer.parseInt(port.group(1)), "hello " + i);
    }
    cli(owner, "streams");

    joinAStreamByHand(owner);
    refusedAttempts(ConnectionString.parse(device));
    cli(
        Map.of(
            "DEVSTREAMS_CONNECTION_STRING",
            ConnectionString.forService(hub.hostPort(), "iothubowner", wrongKey()).format(),
            "DEVSTREAMS_TRUST_CERT",
            hub.trustCert().toString()),
        "device",
        "list");
    // Stop everything, so that the logs are complete when the tests read them.
    forward.close();
    agent.close();
    hub.stop();
  }

  @AfterAll
  static void stop() {
    Closeables.closeAll(forward, agent, echo, hub);
  }

  @Test
  void hubLogAndEveryLogFileUnderItsDataDirectoryHoldNoSecret() throws IOException {
    List<Path> logs = new ArrayList<>();
    logs.add(hub.log());
    try (Stream<Path> files = Files.walk(hub.dataDir())) {
      files
          .filter(Files::isRegularFile)
          .filter(f -> f.getFileName().toString().matches(".*(\\.log|\\.txt|access.*)"))
          .forEach(logs::add);
    }
    assertThat(logs).contains(hub.log());
    for (Path log : logs) {
      assertNoSecret(
          log.toString(), new String(Files.readAllBytes(log), StandardCharsets.ISO_8859_1));
    }
  }

  @Test
  void agentAndForwarderLogsHoldNoSecret() throws IOException {
    for (String name : List.of("agent.log", "forward.log")) {
      String log = Files.readString(dir.resolve(name));
      assertThat(log).as(name).isNotBlank();
      assertNoSecret(name, log);
    }
  }

  @Test
  void cliStandardErrorHoldsNoSecret() {
    assertThat(CLI_RUNS).hasSizeGreaterThan(5);
    for (Cli.Result r : CLI_RUNS) {
      assertNoSecret("CLI standard error", r.stderr());
    }
  }

  @Test
  void everyRefusedCredentialIsLoggedWithTheAddressAndAReason() throws IOException {
    List<String> lines =
        Files.readString(hub.log())
            .lines()
            .filter(l -> l.contains("authentication failed"))
            .toList();
    assertThat(lines).hasSizeGreaterThanOrEqualTo(7);
    assertThat(lines)
        .allSatisfy(
            l -> assertThat(l).containsPattern("from (127\\.0\\.0\\.1|0:0:0:0:0:0:0:1): \\S"));
    assertThat(lines)
        .anySatisfy(l -> assertThat(l).contains("signature does not match policy 'iothubowner'"))
        .anySatisfy(l -> assertThat(l).contains("malformed token"))
        .anySatisfy(l -> assertThat(l).contains("signature does not match device 'sensor1'"))
        .anySatisfy(l -> assertThat(l).contains("no Authorization header"))
        .anySatisfy(l -> assertThat(l).contains("stream authentication failed from"));
  }

  // ---- the workload ---------------------------------------------------------------------------

  private static void collectHubSecrets() throws IOException {
    try (Stream<Path> files = Files.list(hub.dataDir())) {
      for (Path f : files.filter(p -> p.toString().endsWith(".connection-string")).toList()) {
        secret(ConnectionString.parse(Files.readString(f).trim()).sharedAccessKey());
      }
    }
    for (String line : Files.readAllLines(hub.dataDir().resolve("hub-secrets.properties"))) {
      if (line.startsWith("javax.net.ssl.keyStorePassword=")) {
        secret(line.substring(line.indexOf('=') + 1));
      }
    }
  }

  private static String rotatedConnectionString(Map<String, String> owner) {
    String shown = cli(owner, "device", "show", "sensor1", "--json").stdout();
    String primary = first(PRIMARY, shown);
    secret(primary);
    secret(first(SECONDARY, shown));
    return ConnectionString.forDevice(hub.hostPort(), "sensor1", primary).format();
  }

  private static void echoThrough(int port, String text) throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      out.write(bytes);
      out.flush();
      InputStream in = s.getInputStream();
      assertThat(in.readNBytes(bytes.length)).isEqualTo(bytes);
    }
  }

  /** Asks for a stream over REST and joins its service side by hand with the token it got. */
  private static void joinAStreamByHand(Map<String, String> owner) {
    String token = tokenOf(owner);
    HttpResponse<String> r =
        http.send(
            http.request("/twins/sensor1/streams/echo")
                .header("Authorization", token)
                .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(r.headers().firstValue(Headers.STREAMING_IS_ACCEPTED)).as(r.body()).hasValue("True");
    String streamToken = r.headers().firstValue(Headers.STREAMING_AUTH_TOKEN).orElseThrow();
    String url = r.headers().firstValue(Headers.STREAMING_URL).orElseThrow();
    secret(streamToken);
    try (RawWebSocket ws = RawWebSocket.join(hub, URI.create(url).getRawPath(), streamToken)) {
      assertThat(ws.upgraded()).as("%s", ws.response()).isTrue();
      ws.sendBinary("by hand".getBytes(StandardCharsets.UTF_8));
      assertThat(ws.readData(7, Duration.ofSeconds(30)))
          .isEqualTo("by hand".getBytes(StandardCharsets.UTF_8));
      ws.sendClose(1000);
      ws.awaitClose(Duration.ofSeconds(30));
    }
    // The used token, replayed: refused.
    try (RawWebSocket ws = RawWebSocket.join(hub, URI.create(url).getRawPath(), streamToken)) {
      assertThat(ws.response().status()).isEqualTo(401);
    }
  }

  /** Bad credentials on the REST API, /metrics, the control channel and the stream endpoint. */
  private static void refusedAttempts(ConnectionString device) {
    String owner = tokenOf(Cli.ownerEnv(hub));
    String tampered = tamper(owner);
    secret(tampered);
    assertThat(http.get("/devices", tampered).statusCode()).isEqualTo(401);
    assertThat(http.get("/metrics", tampered).statusCode()).isEqualTo(401);
    assertThat(http.get("/devices", owner.replace("&se=", "&se=x")).statusCode()).isEqualTo(401);
    assertThat(http.send(http.request("/openapi").GET()).statusCode()).isEqualTo(401);
    String deviceToken = device.createToken(Duration.ofHours(1), Clock.systemUTC());
    secret(deviceToken);
    assertThat(http.get("/devices", deviceToken).statusCode()).isEqualTo(401);
    String wrongDevice =
        ConnectionString.forDevice(hub.hostPort(), "sensor1", wrongKey())
            .createToken(Duration.ofHours(1), Clock.systemUTC());
    secret(wrongDevice);
    try (RawWebSocket ws = RawWebSocket.connect(hub, "/devices/sensor1/streams", wrongDevice)) {
      assertThat(ws.response().status()).isEqualTo(401);
    }
    try (RawWebSocket ws = RawWebSocket.join(hub, "/streams/AAAAAAAAAAAAAAAAAAAAAA", owner)) {
      assertThat(ws.response().status()).isEqualTo(401);
    }
  }

  private static String tokenOf(Map<String, String> env) {
    String token =
        ConnectionString.parse(env.get("DEVSTREAMS_CONNECTION_STRING"))
            .createToken(Duration.ofHours(1), Clock.systemUTC());
    secret(token);
    return token;
  }

  /** The same token with one signature byte changed: well formed, signed wrong. */
  private static String tamper(String token) {
    Matcher m = Pattern.compile("sig=([^&]+)").matcher(token);
    assertThat(m.find()).isTrue();
    byte[] sig = Base64.getDecoder().decode(URLDecoder.decode(m.group(1), StandardCharsets.UTF_8));
    sig[0] ^= 1;
    String bad =
        java.net.URLEncoder.encode(Base64.getEncoder().encodeToString(sig), StandardCharsets.UTF_8);
    return token.substring(0, m.start(1)) + bad + token.substring(m.end(1));
  }

  private static String wrongKey() {
    byte[] key = new byte[32];
    new java.security.SecureRandom().nextBytes(key);
    String encoded = Base64.getEncoder().encodeToString(key);
    secret(encoded);
    return encoded;
  }

  private static Cli.Result cli(Map<String, String> env, String... args) {
    Cli.Result r = Cli.run(env, args);
    CLI_RUNS.add(r);
    return r;
  }

  // ---- the check ------------------------------------------------------------------------------

  /**
   * Records a secret and what would betray it in a log: the whole value and, for a token, its
   * signature as sent and decoded.
   */
  private static void secret(String value) {
    if (value == null || value.isBlank()) {
      throw new AssertionError("empty secret");
    }
    SECRETS.add(value);
    Matcher m = Pattern.compile("sig=([^&\\s]+)").matcher(value);
    while (m.find()) {
      SECRETS.add(m.group(1));
      SECRETS.add(URLDecoder.decode(m.group(1).replace("+", "%2B"), StandardCharsets.UTF_8));
    }
  }

  private static void assertNoSecret(String where, String text) {
    for (String secret : SECRETS) {
      assertThat(text.contains(secret))
          .as("%s contains a secret starting %s", where, secret.substring(0, 4))
          .isFalse();
    }
    // Also what this test never saw: tokens the CLI and the agent made for themselves.
    assertThat(text).as(where).doesNotContain("SharedAccessSignature ", "SharedAccessKey=");
    assertThat(text).as(where).doesNotContainPattern("sig=[A-Za-z0-9%+/=]{20,}");
  }

  private static String first(Pattern p, String text) {
    Matcher m = p.matcher(text);
    if (!m.find()) {
      throw new UncheckedIOException(new IOException(p + " not found in " + text));
    }
    return m.group(1);
  }
}
