package io.devstreams.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Agents and CLIs behind a corporate HTTP CONNECT proxy: a real tinyproxy with Basic credentials
 * and a 60 s idle timeout, the way out for both ends; the hub is reached only through it.
 */
class ProxyIT {
  private static final Duration UP = Duration.ofSeconds(90);
  private static final Duration PROXY_IDLE_TIMEOUT = Duration.ofSeconds(60);
  private static Path dir;
  private static HubProcess hub;
  private static Tinyproxy proxy;
  private static TcpTargets echo;
  private static ManagedProcess agent;

  @BeforeAll
  static void start() throws IOException {
    dir = Files.createTempDirectory(Path.of("target"), "proxy-").toAbsolutePath();
    hub = HubProcess.start(dir.resolve("hub"));
    proxy = Tinyproxy.start(dir.resolve("proxy"), PROXY_IDLE_TIMEOUT);
    echo = TcpTargets.echo();
    Cli.Result created = Cli.run(Cli.ownerEnv(hub), "device", "create", "behind-proxy");
    assertThat(created.exitCode()).as(created.toString()).isZero();
    Map<String, String> env = new HashMap<>();
    env.put("DEVSTREAMS_DEVICE_CONNECTION_STRING", created.stdout().trim());
    env.put("DEVSTREAMS_TRUST_CERT", hub.trustCert().toString());
    env.put("HTTPS_PROXY", proxy.url());
    agent =
        ManagedProcess.start(
            dir.resolve("agent.log"),
            env,
            "devstreams-device",
            List.of("--service", "echo=127.0.0.1:" + echo.port()));
    agent.await("connected to", UP);
  }

  @AfterAll
  static void stop() {
    Closeables.closeAll(agent, echo, proxy, hub);
  }

  @Test
  void agentAndCliReachEachOtherOnlyThroughTheProxy() {
    long connectsBefore = proxy.connectsTo(hub.hostPort());
    byte[] payload = new byte[1024 * 1024];
    new Random(7).nextBytes(payload);

    StdioSession stdio =
        StdioSession.start(Cli.ownerEnv(hub), "behind-proxy", "echo", "--proxy", proxy.url());
    stdio.sendAndClose(payload);

    assertThat(stdio.awaitExit(UP)).as(stdio.stderr()).isZero();
    assertThat(TcpTargets.sha256(stdio.stdout())).isEqualTo(TcpTargets.sha256(payload));
    // The agent's connection came through the proxy before; now the CLI's did too (protocol v2:
    // the stream rides both, so the agent's side of it needs no connection of its own).
    assertThat(connectsBefore).isPositive();
    assertThat(proxy.connectsTo(hub.hostPort())).isGreaterThanOrEqualTo(connectsBefore + 1);
  }

  @Test
  void wrongProxyPasswordIsOneClearLineThatHidesThePassword() {
    Map<String, String> env = new HashMap<>(Cli.ownerEnv(hub));
    env.put("HTTPS_PROXY", proxy.urlWithWrongPassword());

    Cli.Result list = Cli.run(env, "device", "list");

    assertThat(list.exitCode()).isEqualTo(1);
    assertThat(list.stderr().strip())
        .matches("devstreams: cannot reach hub at https://localhost:\\d+ through proxy .*")
        .contains("from the proxy (proxy credentials missing or refused)")
        .doesNotContain("wrong")
        .doesNotContain("\n");
  }

  @Test
  void noProxyListsTheHubAndTheProxyIsBypassed() throws IOException {
    Map<String, String> env = new HashMap<>(Cli.ownerEnv(hub));
    env.put("HTTPS_PROXY", "http://127.0.0.1:" + HubProcess.freePort()); // nobody listens there
    env.put("NO_PROXY", "example.org,localhost");

    Cli.Result list = Cli.run(env, "device", "list");

    assertThat(list.exitCode()).as(list.toString()).isZero();
    assertThat(list.stdout()).contains("behind-proxy");
  }

  /**
   * The proxy drops a tunnel idle for 60 s; the heartbeats (every 20 s by default, from the hub and
   * from the clients) keep an idle stream and the agent's control channel alive past that.
   */
  @Test
  void idleStreamOutlivesTheProxysIdleTimeout() throws IOException {
    StdioSession stdio =
        StdioSession.start(Cli.ownerEnv(hub), "behind-proxy", "echo", "--proxy", proxy.url());
    stdio.stdin().write("before\n".getBytes());
    stdio.stdin().flush();

    long idleUntil = System.nanoTime() + PROXY_IDLE_TIMEOUT.plusSeconds(15).toNanos();
    while (System.nanoTime() < idleUntil && stdio.isAlive()) {
      // The scenario is the idle time itself: nothing to wait on but the clock.
      LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
    }
    assertThat(stdio.isAlive()).as("stdio still running after 75 s idle").isTrue();
    stdio.sendAndClose("after\n".getBytes());

    assertThat(stdio.awaitExit(UP)).as(stdio.stderr()).isZero();
    assertThat(new String(stdio.stdout())).isEqualTo("before\nafter\n");
    assertThat(agent.process().isAlive()).isTrue();
  }
}
