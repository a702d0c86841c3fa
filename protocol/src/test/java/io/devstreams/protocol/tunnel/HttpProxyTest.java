package io.devstreams.protocol.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Proxy;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpProxyTest {

  @Test
  void parsesHostAndPort() {
    assertThat(HttpProxy.parse("http://proxy.corp.example:3128"))
        .isEqualTo(new HttpProxy("proxy.corp.example", 3128, null, null, List.of()));
  }

  @Test
  void portDefaultsTo80() {
    assertThat(HttpProxy.parse("http://proxy").port()).isEqualTo(80);
  }

  @Test
  void schemeMayBeLeftOutAsInManyEnvironments() {
    assertThat(HttpProxy.parse("proxy:8080/").host()).isEqualTo("proxy");
  }

  @Test
  void bracketedIpv6AddressIsUnwrapped() {
    assertThat(HttpProxy.parse("http://[::1]:3128").host()).isEqualTo("::1");
  }

  @Test
  void credentialsArePercentDecoded() {
    HttpProxy proxy = HttpProxy.parse("http://al%40ce:p%3Ass+w@proxy:3128");

    assertThat(proxy.username()).isEqualTo("al@ce");
    assertThat(proxy.password()).isEqualTo("p:ss+w");
  }

  @Test
  void httpsProxiesAreRefused() {
    assertThatThrownBy(() -> HttpProxy.parse("https://proxy:3128"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "proxy URL 'https://proxy:3128': only http:// proxies are supported (got https://)");
  }

  @Test
  void malformedUrlErrorNeverRepeatsThePassword() {
    assertThatThrownBy(() -> HttpProxy.parse("http://user:s3cret@proxy:99999999"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "proxy URL 'http://<credentials>@proxy:99999999' is not http://[user:password@]host:port")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void portOutOfRangeIsRefused() {
    assertThatThrownBy(() -> HttpProxy.parse("http://proxy:70000"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("proxy port must be from 1 to 65535 (got 70000)");
  }

  @Test
  void userWithoutPasswordIsRefused() {
    assertThatThrownBy(() -> HttpProxy.parse("http://user@proxy:3128"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "proxy URL 'http://<credentials>@proxy:3128': credentials must be user:password");
  }

  @Test
  void environmentWithoutProxyGivesNone() {
    assertThat(HttpProxy.fromEnvironment(Map.of("PATH", "/bin"))).isEmpty();
  }

  @Test
  void environmentProxyCarriesNoProxyEntries() {
    HttpProxy proxy =
        HttpProxy.fromEnvironment(
                Map.of("https_proxy", "http://proxy:3128", "no_proxy", "localhost, .corp.example"))
            .orElseThrow();

    assertThat(proxy.noProxy()).containsExactly("localhost", ".corp.example");
  }

  @Test
  void upperCaseVariablesWin() {
    HttpProxy proxy =
        HttpProxy.fromEnvironment(
                Map.of("HTTPS_PROXY", "http://upper:1", "https_proxy", "http://lower:2"))
            .orElseThrow();

    assertThat(proxy.host()).isEqualTo("upper");
  }

  @Test
  void malformedEnvironmentProxyNamesTheVariable() {
    assertThatThrownBy(() -> HttpProxy.fromEnvironment(Map.of("HTTPS_PROXY", "socks5://p:1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("HTTPS_PROXY: proxy URL 'socks5://p:1'");
  }

  @Test
  void noProxyMatchesHostsDomainSuffixesAndWildcards() {
    HttpProxy proxy =
        HttpProxy.parse("http://proxy:3128")
            .withNoProxy("localhost,.corp.example," + "other.example:8443,*.wild.example,[::1]");

    assertThat(proxy.bypasses("localhost")).isTrue();
    assertThat(proxy.bypasses("hub.corp.example")).isTrue();
    assertThat(proxy.bypasses("corp.example")).isTrue();
    assertThat(proxy.bypasses("a.other.example")).isTrue();
    assertThat(proxy.bypasses("x.wild.example")).isTrue();
    assertThat(proxy.bypasses("::1")).isTrue();
    assertThat(proxy.bypasses("notcorp.example")).isFalse();
    assertThat(proxy.bypasses("hub.example")).isFalse();
    assertThat(HttpProxy.parse("http://p:1").withNoProxy("*").bypasses("anything")).isTrue();
  }

  @Test
  void selectorGoesDirectOnlyForBypassedHosts() {
    HttpProxy proxy = HttpProxy.parse("http://proxy:3128").withNoProxy("localhost");

    assertThat(proxy.selector().select(URI.create("wss://localhost:8443/x")))
        .containsExactly(Proxy.NO_PROXY);
    assertThat(proxy.selector().select(URI.create("wss://hub.example/x")))
        .singleElement()
        .satisfies(p -> assertThat(p.address().toString()).startsWith("proxy"));
  }

  @Test
  void credentialsBecomeABasicProxyAuthorization() {
    assertThat(HttpProxy.parse("http://alice:s3cret@proxy:3128").proxyAuthorization())
        .isEqualTo("Basic YWxpY2U6czNjcmV0");
  }

  @Test
  void noProxyAuthorizationWithoutCredentials() {
    assertThat(HttpProxy.parse("http://proxy:3128").proxyAuthorization()).isNull();
  }

  @Test
  void toStringRedactsThePassword() {
    assertThat(HttpProxy.parse("http://alice:secret@proxy:3128"))
        .hasToString("http://alice:<redacted>@proxy:3128");
  }
}
