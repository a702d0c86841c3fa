package io.devstreams.protocol.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

class HubEndpointTest {

  @Test
  void buildsHttpsAndWssUrisFromTheHostName() {
    HubEndpoint endpoint = HubEndpoint.of("hub.example:8443");

    assertThat(endpoint.httpsUri("/devices/d1")).hasToString("https://hub.example:8443/devices/d1");
    assertThat(endpoint.wssUri("/devices/d1/streams"))
        .hasToString("wss://hub.example:8443/devices/d1/streams");
  }

  @Test
  void acceptsABracketedIpv6Host() {
    assertThat(HubEndpoint.of("[::1]:8443").wssUri("/x").getHost()).isEqualTo("[::1]");
  }

  @Test
  void refusesAHostNameWithAPathOrScheme() {
    assertThatThrownBy(() -> HubEndpoint.of("https://hub.example/x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("hub host name must be host[:port] (got 'https://hub.example/x')");
  }

  @Test
  void refusesANonPositiveConnectTimeout() {
    assertThatThrownBy(() -> HubEndpoint.of("hub").withConnectTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("connect timeout must be positive");
  }

  @Test
  void clientSpeaksHttp11OnTheGivenExecutorWithoutAProxy() {
    Executor executor = Runnable::run;

    HttpClient client = HubEndpoint.of("hub").newHttpClient(executor);

    assertThat(client.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    assertThat(client.executor()).containsSame(executor);
    assertThat(client.followRedirects()).isEqualTo(HttpClient.Redirect.NEVER);
  }

  @Test
  void proxyWithCredentialsAllowsTunnelBasicAuthWithoutAnAuthenticator() {
    HubEndpoint endpoint =
        HubEndpoint.of("hub").withProxy(HttpProxy.parse("http://alice:secret@proxy:3128"));

    HttpClient client = endpoint.newHttpClient(Runnable::run);

    assertThat(client.proxy()).isPresent();
    assertThat(client.authenticator()).isEmpty();
    assertThat(System.getProperty(HttpProxy.TUNNELING_DISABLED_SCHEMES)).isEmpty();
  }
}
