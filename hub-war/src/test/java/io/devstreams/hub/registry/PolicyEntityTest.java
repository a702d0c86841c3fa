package io.devstreams.hub.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.devstreams.hub.auth.PolicyCredentials;
import io.devstreams.hub.auth.Right;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class PolicyEntityTest {

  @Test
  void rightsSurviveTheRoundTripThroughTheColumn() {
    PolicyEntity entity =
        new PolicyEntity(
            "rw", "a2V5", "a2V5", EnumSet.of(Right.REGISTRY_WRITE, Right.REGISTRY_READ));

    PolicyCredentials policy = entity.toCredentials();

    assertThat(policy.rights())
        .containsExactlyInAnyOrder(Right.REGISTRY_READ, Right.REGISTRY_WRITE);
  }

  @Test
  void defaultPoliciesAreAzures() {
    assertThat(PolicyStore.DEFAULTS)
        .containsOnlyKeys("iothubowner", "service", "registryRead", "registryReadWrite", "metrics");
    assertThat(PolicyStore.DEFAULTS.get("iothubowner")).containsExactlyInAnyOrder(Right.values());
    assertThat(PolicyStore.DEFAULTS.get("service")).containsExactly(Right.SERVICE_CONNECT);
    assertThat(PolicyStore.DEFAULTS.get("registryReadWrite"))
        .containsExactlyInAnyOrder(Right.REGISTRY_READ, Right.REGISTRY_WRITE);
  }
}
