package io.devstreams.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The per-policy stream rate against the launched hub: a policy over its rate gets 429 problem+json
 * with {@code Retry-After}, the CLI shows why in one line, and another policy is not slowed.
 */
class StreamLimitsIT {
  /** One new stream per 50 s after a burst of two: the third request in a test is over. */
  private static final String OPTS =
      "-Ddevstreams.streams.rate-per-identity=0.02 -Ddevstreams.streams.burst-per-identity=2";

  private static HubProcess hub;
  private static HubHttp http;

  @BeforeAll
  static void start() throws IOException {
    Path dir = Files.createTempDirectory(Path.of("target"), "limits-").toAbsolutePath();
    hub = HubProcess.start(dir.resolve("hub"), Map.of("DEVSTREAMS_HUB_JAVA_OPTS", OPTS));
    http = new HubHttp(hub);
  }

  @AfterAll
  static void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  void aPolicyOverItsRateGets429WithRetryAfterAndAnotherPolicyIsUnaffected() {
    String owner = http.policyToken("iothubowner");
    assertThat(newStream(owner).statusCode()).isEqualTo(404);
    assertThat(newStream(owner).statusCode()).isEqualTo(404);

    HttpResponse<String> over = newStream(owner);

    assertThat(over.statusCode()).as(over.body()).isEqualTo(429);
    assertThat(over.headers().firstValue("Content-Type"))
        .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
    assertThat(over.headers().firstValue("iothub-errorcode")).hasValue("429001");
    assertThat(over.headers().firstValue("Retry-After"))
        .hasValueSatisfying(s -> assertThat(Integer.parseInt(s)).isBetween(1, 50));
    assertThat(over.body()).contains("policy 'iothubowner' asked for more than 0.02 new streams");

    HttpResponse<String> other = newStream(http.policyToken("service"));
    assertThat(other.statusCode()).as(other.body()).isEqualTo(404);
    assertThat(other.body()).contains("404001");

    Cli.Result cli = Cli.run(Cli.ownerEnv(hub), "stdio", "nosuchdevice", "ssh");
    assertThat(cli.exitCode()).isEqualTo(1);
    assertThat(cli.stderr().strip())
        .doesNotContain("\n")
        .contains("(429)")
        .contains("policy 'iothubowner' asked for more than")
        .contains("retry in");
  }

  private static HttpResponse<String> newStream(String token) {
    return http.send(
        http.request("/twins/nosuchdevice/streams/ssh")
            .header("Authorization", token)
            .POST(HttpRequest.BodyPublishers.noBody()));
  }
}
