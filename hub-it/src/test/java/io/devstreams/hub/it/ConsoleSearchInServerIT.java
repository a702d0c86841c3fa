package io.devstreams.hub.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.devstreams.hub.registry.AuthType;
import io.devstreams.hub.registry.DeviceRegistry;
import io.devstreams.hub.registry.DeviceSearch;
import io.devstreams.hub.registry.DeviceSearchPage;
import io.devstreams.hub.registry.DeviceSearchQuery;
import io.devstreams.hub.registry.DeviceSpec;
import io.devstreams.hub.registry.DeviceStatus;
import io.devstreams.hub.registry.DeviceView;
import io.devstreams.hub.registry.HistoryQuery;
import io.devstreams.hub.registry.StreamHistory;
import io.devstreams.hub.registry.StreamHistoryPage;
import io.devstreams.hub.registry.StreamHistorySearch;
import io.devstreams.hub.streams.StreamRecord;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The console's searches inside Payara, on the WAR's H2 through JPA: devices by a piece of their id
 * and their state, paged in id order with the number of matches; the stream history by device,
 * policy, outcome and time, newest first. Each test works on ids and names of its own.
 */
@ExtendWith(ArquillianExtension.class)
public class ConsoleSearchInServerIT {

  @Inject DeviceRegistry registry;
  @Inject DeviceSearch devices;
  @Inject StreamHistory history;
  @Inject StreamHistorySearch audit;

  /** The built hub with this test added. */
  @Deployment
  public static WebArchive deployment() {
    return HubDeployment.withTestClasses(ConsoleSearchInServerIT.class);
  }

  @Test
  void aPieceOfTheIdFindsDevicesInAnyCasePagedInIdOrderWithTheirCount() {
    String tag = unique();
    for (int i = 0; i < 120; i++) {
      create(String.format("Sensor-%s-%03d", tag, i));
    }

    DeviceSearchPage first = search(tag.toUpperCase(), DeviceSearchQuery.State.ANY, null);
    DeviceSearchPage second = search(tag, DeviceSearchQuery.State.ANY, first.continuation());
    DeviceSearchPage third = search(tag, DeviceSearchQuery.State.ANY, second.continuation());

    assertThat(first.total()).isEqualTo(120);
    assertThat(ids(first)).hasSize(50).first().isEqualTo("Sensor-" + tag + "-000");
    assertThat(ids(second)).hasSize(50).first().isEqualTo("Sensor-" + tag + "-050");
    assertThat(ids(third)).hasSize(20).last().isEqualTo("Sensor-" + tag + "-119");
    assertThat(third.continuation()).isNull();
  }

  @Test
  void theStateFilterFindsConnectedDisconnectedAndDisabledDevices() {
    String tag = unique();
    String online = create("on-" + tag).deviceId();
    String off = create("off-" + tag).deviceId();
    String disabled = create("dis-" + tag).deviceId();
    registry.markConnected(online, OffsetDateTime.now(ZoneOffset.UTC));
    registry.update(
        new DeviceSpec(disabled, DeviceStatus.DISABLED, null, AuthType.SAS, null, null),
        io.devstreams.hub.registry.IfMatch.ANY);

    assertThat(ids(search(tag, DeviceSearchQuery.State.CONNECTED, null))).containsExactly(online);
    assertThat(ids(search(tag, DeviceSearchQuery.State.DISABLED, null))).containsExactly(disabled);
    assertThat(ids(search(tag, DeviceSearchQuery.State.DISCONNECTED, null)))
        .containsExactly(disabled, off);
  }

  @Test
  void searchTextIsMatchedAsItIsNotAsAPattern() {
    String tag = unique();
    create(tag + "-a_b");
    create(tag + "-aXb");

    assertThat(ids(search(tag + "-a_b", DeviceSearchQuery.State.ANY, null)))
        .containsExactly(tag + "-a_b");
  }

  @Test
  void theAuditFiltersByDevicePolicyOutcomeAndTimeNewestFirst() {
    String tag = unique();
    String dev1 = "d1-" + tag;
    String dev2 = "d2-" + tag;
    String policy = "p-" + tag;
    Instant t = Instant.parse("2026-03-01T10:00:00Z");
    List<StreamRecord> records = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      records.add(
          record(
              i % 2 == 0 ? dev1 : dev2,
              policy,
              StreamRecord.Outcome.ACCEPTED,
              t.plusSeconds(60L * i)));
    }
    records.add(record(dev1, policy, StreamRecord.Outcome.OFFLINE, t.plusSeconds(600)));
    records.add(record(dev1, "other-" + tag, StreamRecord.Outcome.ACCEPTED, t.plusSeconds(700)));
    history.append(records);

    assertThat(times(find(new HistoryQuery(dev1, policy, null, null, null, null, 50))))
        .containsExactly(t.plusSeconds(600), t.plusSeconds(240), t.plusSeconds(120), t);
    assertThat(
            find(new HistoryQuery(dev1, null, StreamRecord.Outcome.OFFLINE, null, null, null, 50))
                .records())
        .singleElement()
        .satisfies(r -> assertThat(r.outcome()).isEqualTo(StreamRecord.Outcome.OFFLINE));
    assertThat(
            times(
                find(
                    new HistoryQuery(
                        null,
                        policy,
                        StreamRecord.Outcome.ACCEPTED,
                        t.plusSeconds(60),
                        t.plusSeconds(240),
                        null,
                        50))))
        .containsExactly(t.plusSeconds(180), t.plusSeconds(120), t.plusSeconds(60));
    assertThat(find(new HistoryQuery(dev1, "other-" + tag, null, null, null, null, 50)).records())
        .extracting(StreamRecord::requestedBy)
        .containsExactly("other-" + tag);

    StreamHistoryPage first = find(new HistoryQuery(null, policy, null, null, null, null, 4));
    StreamHistoryPage rest =
        find(new HistoryQuery(null, policy, null, null, null, first.continuation(), 4));
    assertThat(times(first))
        .containsExactly(
            t.plusSeconds(600), t.plusSeconds(300), t.plusSeconds(240), t.plusSeconds(180));
    assertThat(times(rest)).containsExactly(t.plusSeconds(120), t.plusSeconds(60), t);
    assertThat(rest.continuation()).isNull();
  }

  private static StreamRecord record(
      String device, String policy, StreamRecord.Outcome outcome, Instant at) {
    return outcome == StreamRecord.Outcome.ACCEPTED
        ? new StreamRecord(
            "s-" + UUID.randomUUID(),
            policy,
            device,
            "ssh",
            outcome,
            null,
            at,
            at,
            at.plusSeconds(5),
            1,
            2,
            1000,
            "closed")
        : StreamRecord.refused(policy, device, "ssh", outcome, "offline", at);
  }

  private StreamHistoryPage find(HistoryQuery query) {
    return audit.search(query);
  }

  private static List<Instant> times(StreamHistoryPage page) {
    return page.records().stream().map(StreamRecord::requestedAt).toList();
  }

  private DeviceView create(String id) {
    return registry.create(
        new DeviceSpec(id, DeviceStatus.ENABLED, null, AuthType.SAS, null, null));
  }

  private DeviceSearchPage search(String text, DeviceSearchQuery.State state, String continuation) {
    return devices.search(new DeviceSearchQuery(text, state, continuation, 50));
  }

  private static List<String> ids(DeviceSearchPage page) {
    return page.devices().stream().map(DeviceView::deviceId).toList();
  }

  private static String unique() {
    return UUID.randomUUID().toString().substring(0, 8);
  }
}
