package io.devstreams.hub.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devstreams.hub.errors.HubException;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceQueryTest {

  private static DeviceView device(String id, DeviceStatus status, ConnectionState state) {
    return new DeviceView(
        id, "g", "e", status, null, AuthType.SAS, null, null, null, null, state, null, null);
  }

  private static final List<DeviceView> DEVICES =
      List.of(
          device("a", DeviceStatus.ENABLED, ConnectionState.CONNECTED),
          device("b", DeviceStatus.ENABLED, ConnectionState.DISCONNECTED),
          device("c", DeviceStatus.DISABLED, ConnectionState.CONNECTED),
          device("d", DeviceStatus.DISABLED, ConnectionState.DISCONNECTED));

  private static List<String> select(String query) {
    DeviceQuery parsed = DeviceQuery.parse(query);
    return DEVICES.stream().filter(parsed::matches).map(DeviceView::deviceId).toList();
  }

  private static void assertRefused(String query, String message) {
    assertThatThrownBy(() -> DeviceQuery.parse(query))
        .isInstanceOfSatisfying(
            HubException.class, e -> assertThat(e.kind()).isEqualTo(HubException.Kind.BAD_REQUEST))
        .hasMessage(message);
  }

  @Test
  void selectStarFromDevicesSelectsEveryDevice() {
    assertThat(select("SELECT * FROM devices")).containsExactly("a", "b", "c", "d");
    assertThat(select("select * from devices")).containsExactly("a", "b", "c", "d");
  }

  @Test
  void filtersOnStatusAndConnectionStateAsOperatorsWriteThem() {
    assertThat(select("SELECT * FROM devices WHERE status = 'enabled'")).containsExactly("a", "b");
    assertThat(select("SELECT * FROM devices WHERE connectionState = 'Connected'"))
        .containsExactly("a", "c");
    assertThat(
            select(
                "SELECT * FROM devices WHERE status = 'enabled' AND connectionState ="
                    + " 'Disconnected'"))
        .containsExactly("b");
    assertThat(select("SELECT * FROM devices WHERE devices.status != \"enabled\""))
        .containsExactly("c", "d");
  }

  @Test
  void andBindsTighterThanOrAndParenthesesAndNotGroup() {
    assertThat(
            select(
                "SELECT * FROM devices WHERE deviceId = 'a' OR status = 'disabled' AND"
                    + " connectionState = 'Connected'"))
        .containsExactly("a", "c");
    assertThat(select("SELECT * FROM devices WHERE NOT (deviceId = 'a' OR status = 'disabled')"))
        .containsExactly("b");
  }

  @Test
  void inAndNinCompareWithAList() {
    assertThat(select("SELECT * FROM devices WHERE deviceId IN ['a', 'd']"))
        .containsExactly("a", "d");
    assertThat(select("SELECT * FROM devices WHERE deviceId NIN ['a', 'd']"))
        .containsExactly("b", "c");
  }

  @Test
  void comparesCaseSensitivelyAsAzureDoes() {
    assertThat(select("SELECT * FROM devices WHERE status = 'Enabled'")).isEmpty();
  }

  @Test
  void refusesProjectionsAndAggregates() {
    assertRefused(
        "SELECT deviceId FROM devices",
        "query: only SELECT * is supported (projections, COUNT() and aliases are not) (got"
            + " 'deviceId')");
    assertRefused(
        "SELECT COUNT() AS n FROM devices",
        "query: only SELECT * is supported (projections, COUNT() and aliases are not) (got"
            + " 'COUNT')");
  }

  @Test
  void refusesOtherSources() {
    assertRefused(
        "SELECT * FROM devices.modules",
        "query: only FROM devices is supported (got 'devices.modules')");
  }

  @Test
  void refusesTagsPropertiesAndFunctions() {
    assertRefused(
        "SELECT * FROM devices WHERE tags.location = 'x'",
        "query: field 'tags.location' is not supported; devstreams queries deviceId, status,"
            + " connectionState and authenticationType");
    assertRefused(
        "SELECT * FROM devices WHERE STARTS_WITH(deviceId, 'a')",
        "query: function 'STARTS_WITH' is not supported");
  }

  @Test
  void refusesOrderingOperatorsAndNonStringLiterals() {
    assertRefused(
        "SELECT * FROM devices WHERE deviceId > 'a'",
        "query: operator '>' is not supported; use =, !=, <>, IN or NIN");
    assertRefused(
        "SELECT * FROM devices WHERE status = 1",
        "query: compare with a string literal in quotes (got '1')");
  }

  @Test
  void refusesGroupByOrderByAndTrailingText() {
    assertRefused("SELECT * FROM devices GROUP BY status", "query: GROUP BY is not supported");
    assertRefused("SELECT * FROM devices ORDER BY deviceId", "query: ORDER BY is not supported");
    assertRefused("SELECT * FROM devices WHERE status = 'enabled' x", "query: unexpected 'x'");
  }

  @Test
  void refusesBrokenQueries() {
    assertRefused("", "query: the query is empty");
    assertRefused(
        "DELETE FROM devices", "query: a query starts with SELECT * FROM devices (got 'DELETE')");
    assertRefused(
        "SELECT * FROM devices WHERE status = 'enabled", "query: a string literal is not closed");
    assertRefused(
        "SELECT * FROM devices WHERE status = 'enabled' AND",
        "query: expected a field name (got the end of the query)");
    assertRefused(
        "SELECT * FROM devices WHERE status ; 'x'",
        "query: unexpected character ';' at position 36");
  }

  @Test
  void refusesNestingDeeperThanTheLimit() {
    String deep = "NOT ".repeat(DeviceQuery.MAX_DEPTH + 1) + "status = 'enabled'";
    assertRefused(
        "SELECT * FROM devices WHERE " + deep,
        "query: nested more than 32 levels deep (parentheses and NOT)");
  }
}
