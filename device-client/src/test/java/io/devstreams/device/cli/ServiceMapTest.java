package io.devstreams.device.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devstreams.protocol.cli.UsageException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceMapTest {

  @Test
  void parsesNameHostAndPort() {
    assertThat(ServiceTarget.parse("ssh=localhost:22"))
        .isEqualTo(new ServiceTarget("ssh", "localhost", 22));
  }

  @Test
  void acceptsABracketedIpv6Address() {
    ServiceTarget target = ServiceTarget.parse("db=[::1]:5432");

    assertThat(target.host()).isEqualTo("::1");
    assertThat(target.address()).isEqualTo("[::1]:5432");
  }

  @Test
  void looksUpByExactName() {
    ServiceMap map = ServiceMap.parse(List.of("ssh=localhost:22"));

    assertThat(map.get("ssh")).isPresent();
    assertThat(map.get("SSH")).isEmpty();
    assertThat(map.get("other")).isEmpty();
  }

  @Test
  void missingEqualsSignIsRefused() {
    assertRefused("ssh", "--service 'ssh': expected NAME=HOST:PORT");
  }

  @Test
  void invalidStreamNameIsRefused() {
    assertThatThrownBy(() -> ServiceTarget.parse("my ssh=localhost:22"))
        .isInstanceOf(UsageException.class)
        .hasMessageStartingWith("--service 'my ssh=localhost:22': stream name");
  }

  @Test
  void missingPortIsRefused() {
    assertRefused(
        "ssh=localhost",
        "--service 'ssh=localhost': expected HOST:PORT after '=' (got 'localhost')");
  }

  @Test
  void portOutOfRangeIsRefused() {
    assertRefused(
        "ssh=localhost:65536",
        "--service 'ssh=localhost:65536': port must be a number from 1 to 65535 (got '65536')");
  }

  @Test
  void portThatIsNotANumberIsRefused() {
    assertRefused(
        "ssh=localhost:ssh",
        "--service 'ssh=localhost:ssh': port must be a number from 1 to 65535 (got 'ssh')");
  }

  @Test
  void badHostIsRefused() {
    assertRefused(
        "ssh=bad_host:22",
        "--service 'ssh=bad_host:22': 'bad_host' is not a host name or IP address");
  }

  @Test
  void emptyHostIsRefused() {
    assertRefused("ssh=:22", "--service 'ssh=:22': '' is not a host name or IP address");
  }

  @Test
  void unbracketedIpv6AddressIsRefused() {
    assertRefused(
        "db=::1:5432", "--service 'db=::1:5432': put an IPv6 address in brackets: [ADDRESS]:PORT");
  }

  @Test
  void repeatedNameIsRefused() {
    assertThatThrownBy(() -> ServiceMap.parse(List.of("ssh=localhost:22", "ssh=localhost:2222")))
        .isInstanceOf(UsageException.class)
        .hasMessage("--service 'ssh' is given twice");
  }

  @Test
  void emptyMapIsRefused() {
    assertThatThrownBy(() -> ServiceMap.parse(List.of()))
        .isInstanceOf(UsageException.class)
        .hasMessage("at least one --service NAME=HOST:PORT is required");
  }

  private static void assertRefused(String spec, String message) {
    assertThatThrownBy(() -> ServiceTarget.parse(spec))
        .isInstanceOf(UsageException.class)
        .hasMessage(message);
  }
}
