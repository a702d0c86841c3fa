package io.devstreams.protocol.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devstreams.protocol.tunnel.Heartbeat;
import io.devstreams.protocol.tunnel.HttpProxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HubAccessTest {

  private static SettingsResolver resolver(Map<String, String> env, String... args) {
    Arguments parsed =
        new ArgumentParser(
                List.of(HubAccess.TRUST_CERT, HubAccess.PROXY, HubAccess.PROTOCOL), List.of(), "")
            .parse(List.of(args));
    return new SettingsResolver(parsed, env, ConfigFile.NONE);
  }

  @Test
  void proxyFromTheEnvironmentBypassesNoProxyHosts() {
    HttpProxy proxy =
        HubAccess.proxy(
            resolver(Map.of("https_proxy", "http://env:3128", "no_proxy", "localhost")));

    assertThat(proxy.host()).isEqualTo("env");
    assertThat(proxy.bypasses("localhost")).isTrue();
  }

  @Test
  void proxyFlagWinsOverTheEnvironmentAndIgnoresNoProxy() {
    HttpProxy proxy =
        HubAccess.proxy(
            resolver(
                Map.of("HTTPS_PROXY", "http://env:3128", "NO_PROXY", "localhost"),
                "--proxy",
                "http://flag:3128"));

    assertThat(proxy.host()).isEqualTo("flag");
    assertThat(proxy.bypasses("localhost")).isFalse();
  }

  @Test
  void noProxyConnectsDirectly() {
    assertThat(HubAccess.proxy(resolver(Map.of()))).isNull();
  }

  @Test
  void badProxyNamesItsSourceAndHidesThePassword() {
    assertThatThrownBy(
            () -> HubAccess.proxy(resolver(Map.of(), "--proxy", "socks5://u:hunter2@h:1")))
        .isInstanceOf(UsageException.class)
        .hasMessageStartingWith("--proxy: proxy URL")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(
            () -> HubAccess.proxy(resolver(Map.of("HTTPS_PROXY", "http://u:hunter2@h:99999"))))
        .hasMessageStartingWith("HTTPS_PROXY: ")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void heartbeatHasItsDefaultAndComesFromTheEnvironment() {
    assertThat(HubAccess.heartbeat(resolver(Map.of()))).isEqualTo(Heartbeat.DEFAULT);
    assertThat(HubAccess.heartbeat(resolver(Map.of(Heartbeat.ENV, " 5 "))))
        .isEqualTo(new Heartbeat(Duration.ofSeconds(5), Duration.ofSeconds(15)));
  }

  @Test
  void badHeartbeatNamesTheVariableAndTheRange() {
    for (String bad : List.of("0", "-1", "3601", "5s", "x", "+5")) {
      assertThatThrownBy(() -> HubAccess.heartbeat(resolver(Map.of(Heartbeat.ENV, bad))))
          .isInstanceOf(UsageException.class)
          .hasMessage(
              "DEVSTREAMS_HEARTBEAT_SECONDS must be a whole number of seconds from 1 to 3600"
                  + " (got '"
                  + bad
                  + "')");
    }
  }

  @Test
  void trustCertificateFlagWinsOverItsVariable() {
    Map<String, String> env = Map.of(HubAccess.TRUST_CERT_ENV, "/env.pem");

    assertThat(HubAccess.trustCertificate(resolver(env)).orElseThrow().source())
        .isEqualTo("DEVSTREAMS_TRUST_CERT");
    assertThat(HubAccess.trustCertificate(resolver(env, "--trust-cert=/f.pem")).orElseThrow())
        .isEqualTo(new Value("/f.pem", "--trust-cert", Value.Origin.FLAG));
  }

  @Test
  void protocolFlagWinsOverItsVariableWhichWinsOverTheLibrarysDefault() {
    Map<String, String> env = Map.of(HubAccess.PROTOCOL_ENV, "1");

    assertThat(HubAccess.protocol(resolver(Map.of()), 2)).isEqualTo(2);
    assertThat(HubAccess.protocol(resolver(env), 2)).isEqualTo(1);
    assertThat(HubAccess.protocol(resolver(env, "--protocol=2"), 1)).isEqualTo(2);
  }

  @Test
  void protocolOtherThanOneOrTwoNamesItsSource() {
    assertThatThrownBy(() -> HubAccess.protocol(resolver(Map.of(), "--protocol", "3"), 2))
        .isInstanceOf(UsageException.class)
        .hasMessage("--protocol must be 1 or 2 (got '3')");
    assertThatThrownBy(() -> HubAccess.protocol(resolver(Map.of(HubAccess.PROTOCOL_ENV, "v2")), 2))
        .hasMessage("DEVSTREAMS_PROTOCOL must be 1 or 2 (got 'v2')");
  }
}
