package io.devstreams.hub.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devstreams.hub.errors.HubException;
import io.devstreams.protocol.SasKeys;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PolicyKeyAuthenticatorTest {

  private final String metricsPrimary = SasKeys.generate();
  private final String metricsSecondary = SasKeys.generate();
  private final String readerKey = SasKeys.generate();
  private final Map<String, PolicyCredentials> policies =
      Map.of(
          "metrics",
          new PolicyCredentials(
              "metrics", metricsPrimary, metricsSecondary, EnumSet.of(Right.METRICS)),
          "registryRead",
          new PolicyCredentials(
              "registryRead", readerKey, readerKey, EnumSet.of(Right.REGISTRY_READ)));
  private final PolicyKeyAuthenticator authenticator =
      new PolicyKeyAuthenticator(name -> Optional.ofNullable(policies.get(name)));

  private static String basic(String pair) {
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void eitherKeyOfAMetricsPolicyAuthenticatesIt() {
    Principal primary =
        authenticator.authenticateMetricsScraper(basic("metrics:" + metricsPrimary), "r");
    Principal secondary =
        authenticator.authenticateMetricsScraper(basic("metrics:" + metricsSecondary), "r");

    assertThat(primary.name()).isEqualTo("metrics");
    assertThat(primary.has(Right.METRICS)).isTrue();
    assertThat(secondary.name()).isEqualTo("metrics");
  }

  @Test
  void aWrongKeyAnUnknownPolicyOrAMalformedCredentialIsTheSame401() {
    for (String header :
        new String[] {
          basic("metrics:" + readerKey),
          basic("metrics:"),
          basic("nobody:" + metricsPrimary),
          basic("metrics"),
          basic(":" + metricsPrimary),
          "Basic not-base64!",
          "Bearer " + metricsPrimary,
          null
        }) {
      assertThatThrownBy(() -> authenticator.authenticateMetricsScraper(header, "r"))
          .as(String.valueOf(header))
          .isInstanceOfSatisfying(
              HubException.class,
              e -> assertThat(e.kind()).isEqualTo(HubException.Kind.UNAUTHORIZED));
    }
  }

  @Test
  void aPolicyWithoutTheMetricsRightIsForbiddenEvenWithItsKey() {
    assertThatThrownBy(
            () -> authenticator.authenticateMetricsScraper(basic("registryRead:" + readerKey), "r"))
        .isInstanceOfSatisfying(
            HubException.class, e -> assertThat(e.kind()).isEqualTo(HubException.Kind.FORBIDDEN))
        .hasMessageContaining("does not grant Metrics");
  }
}
