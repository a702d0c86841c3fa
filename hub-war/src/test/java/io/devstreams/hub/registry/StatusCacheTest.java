package io.devstreams.hub.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devstreams.hub.errors.HubException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class StatusCacheTest {

  private final List<String> reads = new ArrayList<>();

  private Function<String, DeviceStatus> registry(DeviceStatus status) {
    return id -> {
      reads.add(id);
      return status;
    };
  }

  @Test
  void aStatusIsReadOnceUntilTheDeviceChanges() {
    StatusCache cache = new StatusCache(10);

    assertThat(cache.get("dev1", registry(DeviceStatus.ENABLED))).isEqualTo(DeviceStatus.ENABLED);
    assertThat(cache.get("dev1", registry(DeviceStatus.ENABLED))).isEqualTo(DeviceStatus.ENABLED);
    cache.invalidate("dev1");
    assertThat(cache.get("dev1", registry(DeviceStatus.DISABLED))).isEqualTo(DeviceStatus.DISABLED);

    assertThat(reads).containsExactly("dev1", "dev1");
  }

  @Test
  void noSuchDeviceIsNotKept() {
    StatusCache cache = new StatusCache(10);
    Function<String, DeviceStatus> missing =
        id -> {
          reads.add(id);
          throw HubException.deviceNotFound(id);
        };

    assertThatThrownBy(() -> cache.get("ghost", missing)).isInstanceOf(HubException.class);
    assertThatThrownBy(() -> cache.get("ghost", missing)).isInstanceOf(HubException.class);

    assertThat(reads).containsExactly("ghost", "ghost");
    assertThat(cache.size()).isZero();
  }

  @Test
  void aReadThatAChangeOverlapsIsNotKept() {
    StatusCache cache = new StatusCache(10);
    // The registry answers with the status before a commit whose invalidation comes before the
    // answer is stored: keeping it would hide the change until the next one.
    Function<String, DeviceStatus> readBeforeCommit =
        id -> {
          reads.add(id);
          cache.invalidate(id);
          return DeviceStatus.ENABLED;
        };

    assertThat(cache.get("dev1", readBeforeCommit)).isEqualTo(DeviceStatus.ENABLED);
    assertThat(cache.get("dev1", registry(DeviceStatus.DISABLED))).isEqualTo(DeviceStatus.DISABLED);

    assertThat(reads).containsExactly("dev1", "dev1");
  }

  @Test
  void beyondItsCapacityReadsGoToTheRegistry() {
    StatusCache cache = new StatusCache(1);

    cache.get("dev1", registry(DeviceStatus.ENABLED));
    cache.get("dev2", registry(DeviceStatus.ENABLED));
    cache.get("dev2", registry(DeviceStatus.ENABLED));
    cache.get("dev1", registry(DeviceStatus.ENABLED));

    assertThat(reads).containsExactly("dev1", "dev2", "dev2");
    assertThat(cache.size()).isEqualTo(1);
  }
}
