package io.devstreams.hub.it;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devstreams.hub.auth.PolicyCredentials;
import io.devstreams.hub.errors.HubException;
import io.devstreams.hub.registry.AuthType;
import io.devstreams.hub.registry.ConnectionState;
import io.devstreams.hub.registry.DevicePage;
import io.devstreams.hub.registry.DeviceQuery;
import io.devstreams.hub.registry.DeviceRegistry;
import io.devstreams.hub.registry.DeviceSpec;
import io.devstreams.hub.registry.DeviceStatus;
import io.devstreams.hub.registry.DeviceView;
import io.devstreams.hub.registry.IfMatch;
import io.devstreams.hub.registry.PolicyStore;
import io.devstreams.protocol.SasKeys;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import jakarta.persistence.Entity;
import java.lang.reflect.RecordComponent;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The registry and the policy store inside Payara, with the WAR's JTA data source and its default
 * in-memory H2: what unit tests cannot show (transactions, constraint violations, bulk updates).
 * Every test uses its own device id, so that tests share the one deployment in any order.
 */
@ExtendWith(ArquillianExtension.class)
public class RegistryInServerIT {

  private static final int WRITERS = 8;

  @Inject DeviceRegistry registry;
  @Inject PolicyStore policies;

  @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
  ManagedThreadFactory threads;

  /** The built hub with this test added. */
  @Deployment
  public static WebArchive deployment() {
    return HubDeployment.withTestClasses(RegistryInServerIT.class);
  }

  @Test
  void concurrentCreatesOfOneIdGiveOneSuccessAndConflictsForTheRest() throws Exception {
    DeviceSpec spec = enabled(newDeviceId("race"));
    CyclicBarrier start = new CyclicBarrier(WRITERS);
    Callable<Object> create =
        () -> {
          start.await(10, SECONDS);
          try {
            return registry.create(spec);
          } catch (HubException e) {
            return e;
          }
        };

    List<Object> outcomes = runConcurrently(create);

    List<DeviceView> created =
        outcomes.stream().filter(DeviceView.class::isInstance).map(DeviceView.class::cast).toList();
    assertThat(created).hasSize(1);
    assertThat(outcomes)
        .filteredOn(HubException.class::isInstance)
        .hasSize(WRITERS - 1)
        .allSatisfy(
            e -> assertThat(((HubException) e).kind()).isEqualTo(HubException.Kind.CONFLICT));
    assertThat(registry.get(spec.deviceId()).etag()).isEqualTo(created.get(0).etag());
  }

  @Test
  void connectionStateChangesTimesButNotTheEtag() {
    DeviceView created = registry.create(enabled(newDeviceId("presence")));
    String id = created.deviceId();
    OffsetDateTime connectedAt = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
    OffsetDateTime disconnectedAt = connectedAt.plusSeconds(7);

    assertThat(registry.markConnected(id, connectedAt)).isTrue();
    DeviceView connected = registry.get(id);
    assertThat(registry.markDisconnected(id, disconnectedAt)).isTrue();
    DeviceView disconnected = registry.get(id);

    assertThat(created.connectionState()).isEqualTo(ConnectionState.DISCONNECTED);
    assertThat(connected.connectionState()).isEqualTo(ConnectionState.CONNECTED);
    assertThat(connected.connectionStateUpdatedTime()).isAtSameInstantAs(connectedAt);
    assertThat(connected.lastActivityTime()).isAtSameInstantAs(connectedAt);
    assertThat(disconnected.connectionState()).isEqualTo(ConnectionState.DISCONNECTED);
    assertThat(disconnected.connectionStateUpdatedTime()).isAtSameInstantAs(disconnectedAt);
    assertThat(List.of(connected.etag(), disconnected.etag())).containsOnly(created.etag());
    assertThat(disconnected.generationId()).isEqualTo(created.generationId());
  }

  @Test
  void updateWithTheEtagReadBeforeConnectingSucceeds() {
    DeviceView created = registry.create(enabled(newDeviceId("bulk")));
    registry.markConnected(created.deviceId(), OffsetDateTime.now(ZoneOffset.UTC));

    DeviceView updated =
        registry.update(
            new DeviceSpec(
                created.deviceId(), DeviceStatus.DISABLED, "maintenance", AuthType.SAS, null, null),
            ifMatch(created.etag()));

    assertThat(updated.status()).isEqualTo(DeviceStatus.DISABLED);
    assertThat(updated.etag()).isNotEqualTo(created.etag());
    assertThat(updated.connectionState()).isEqualTo(ConnectionState.CONNECTED);
  }

  @Test
  void markingAnUnknownDeviceReportsFalse() {
    String id = newDeviceId("ghost");
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);

    assertThat(registry.markConnected(id, now)).isFalse();
    assertThat(registry.markDisconnected(id, now)).isFalse();
  }

  @Test
  void updateWithStaleEtagLeavesTheRowUnchanged() {
    DeviceView original = registry.create(enabled(newDeviceId("stale")));
    String id = original.deviceId();
    DeviceView current =
        registry.update(
            new DeviceSpec(id, DeviceStatus.ENABLED, "first edit", AuthType.SAS, null, null),
            ifMatch(original.etag()));
    DeviceSpec staleEdit =
        new DeviceSpec(
            id, DeviceStatus.DISABLED, "stale edit", AuthType.SAS, SasKeys.generate(), null);

    assertThatThrownBy(() -> registry.update(staleEdit, ifMatch(original.etag())))
        .isInstanceOfSatisfying(
            HubException.class,
            e -> assertThat(e.kind()).isEqualTo(HubException.Kind.PRECONDITION_FAILED));
    assertThat(registry.get(id)).isEqualTo(current);
  }

  @Test
  void ensureDefaultsIsIdempotent() {
    Map<String, PolicyCredentials> before = defaultPolicies();

    boolean first = policies.ensureDefaults();
    boolean second = policies.ensureDefaults();

    assertThat(before).containsOnlyKeys(PolicyStore.DEFAULTS.keySet());
    assertThat(first).as("the bootstrap created the defaults at start-up").isFalse();
    assertThat(second).isFalse();
    assertThat(defaultPolicies()).isEqualTo(before);
  }

  @Test
  void deviceViewsAreDetachedRecords() {
    DeviceView created = registry.create(enabled(newDeviceId("view")));
    List<Object> views = new ArrayList<>(registry.list(1000, null).devices());
    views.add(created);
    views.add(registry.get(created.deviceId()));

    assertThat(DeviceView.class.isRecord()).isTrue();
    assertThat(DeviceView.class.getRecordComponents())
        .extracting(RecordComponent::getType)
        .noneMatch(type -> type.isAnnotationPresent(Entity.class));
    assertThat(views).hasSizeGreaterThan(2).allSatisfy(v -> assertDetached((DeviceView) v));
  }

  private static void assertDetached(DeviceView view) throws Exception {
    assertThat(view.getClass()).isEqualTo(DeviceView.class);
    for (RecordComponent component : DeviceView.class.getRecordComponents()) {
      Object value = component.getAccessor().invoke(view);
      if (value != null) {
        assertThat(value.getClass().isAnnotationPresent(Entity.class))
            .as(component.getName())
            .isFalse();
      }
    }
  }

  private List<Object> runConcurrently(Callable<Object> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS, threads);
    try {
      List<Future<Object>> futures = new ArrayList<>();
      for (int i = 0; i < WRITERS; i++) {
        futures.add(pool.submit(task));
      }
      List<Object> outcomes = new ArrayList<>();
      for (Future<Object> future : futures) {
        outcomes.add(future.get(30, SECONDS));
      }
      return outcomes;
    } finally {
      pool.shutdownNow();
    }
  }

  private Map<String, PolicyCredentials> defaultPolicies() {
    Map<String, PolicyCredentials> found = new TreeMap<>();
    for (String name : PolicyStore.DEFAULTS.keySet()) {
      policies.findPolicy(name).ifPresent(p -> found.put(name, p));
    }
    return found;
  }

  @Test
  void queryPagesAcrossTheRegistrysReadBatchesInIdOrder() {
    String prefix = newDeviceId("qb") + "-";
    List<String> disabled = new ArrayList<>();
    for (int i = 0; i < 1_100; i++) {
      String id = prefix + String.format("%04d", i);
      boolean off = i % 3 == 0;
      registry.create(
          new DeviceSpec(
              id,
              off ? DeviceStatus.DISABLED : DeviceStatus.ENABLED,
              null,
              AuthType.SAS,
              null,
              null));
      if (off) {
        disabled.add(id);
      }
    }
    DeviceQuery query = DeviceQuery.parse("SELECT * FROM devices WHERE status = 'disabled'");

    List<String> seen = new ArrayList<>();
    String continuation = null;
    int pages = 0;
    do {
      DevicePage page = registry.query(query, 150, continuation);
      page.devices().stream()
          .map(DeviceView::deviceId)
          .filter(id -> id.startsWith(prefix))
          .forEach(seen::add);
      continuation = page.continuation();
      pages++;
    } while (continuation != null && pages < 100);

    assertThat(seen).isEqualTo(disabled);
    assertThat(
            registry.query(
                DeviceQuery.parse("SELECT * FROM devices WHERE deviceId = 'nobody'"), 10, null))
        .isEqualTo(new DevicePage(List.of(), null));
  }

  private static DeviceSpec enabled(String deviceId) {
    return new DeviceSpec(deviceId, DeviceStatus.ENABLED, null, AuthType.SAS, null, null);
  }

  private static IfMatch ifMatch(String etag) {
    return new IfMatch(false, List.of(etag));
  }

  private static String newDeviceId(String prefix) {
    return prefix + "-" + UUID.randomUUID();
  }
}
