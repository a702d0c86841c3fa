package io.devstreams.hub.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devstreams.hub.auth.PolicyCredentials;
import io.devstreams.hub.auth.PolicyKeyCheck;
import io.devstreams.hub.auth.Principal;
import io.devstreams.hub.auth.Right;
import io.devstreams.hub.errors.HubException;
import io.devstreams.hub.settings.ConsoleSettings;
import io.devstreams.hub.streams.MutableClock;
import io.devstreams.protocol.SasKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConsoleSessionsTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final Map<String, PolicyCredentials> policies = new HashMap<>();
  private final String ownerKey = SasKeys.generate();
  private final ConsoleSessions sessions =
      new ConsoleSessions(
          new ConsoleSettings(Duration.ofMinutes(30), 3, 10),
          new PolicyKeyCheck(name -> Optional.ofNullable(policies.get(name))),
          clock);

  ConsoleSessionsTest() {
    policy("iothubowner", ownerKey, EnumSet.allOf(Right.class));
    policy("registryRead", SasKeys.generate(), EnumSet.of(Right.REGISTRY_READ));
  }

  private void policy(String name, String primary, EnumSet<Right> rights) {
    policies.put(name, new PolicyCredentials(name, primary, SasKeys.generate(), rights));
  }

  @Test
  void signInWithTheRightKeyGivesASessionOfThePolicyWithItsRights() {
    SignIn signIn = sessions.signIn("iothubowner", ownerKey, "127.0.0.1");

    Principal principal = sessions.authenticate(signIn.cookieValue(), null, false);

    assertThat(principal.name()).isEqualTo("iothubowner");
    assertThat(principal.rights()).containsExactlyInAnyOrder(Right.values());
    assertThat(signIn.session().expiresAt())
        .isEqualTo(clock.instant().plus(Duration.ofMinutes(30)));
    assertThat(signIn.cookieValue()).matches("[A-Za-z0-9_-]{43}");
    assertThat(signIn.session().csrfToken()).matches("[A-Za-z0-9_-]{43}");
  }

  @Test
  void theSecondaryKeySignsInToo() {
    String secondary = policies.get("registryRead").secondaryKey();

    assertThat(sessions.signIn("registryRead", secondary, "127.0.0.1").principal().rights())
        .containsExactly(Right.REGISTRY_READ);
  }

  @Test
  void aWrongKeyAndAnUnknownPolicyGetTheSameRefusalAndNoSession() {
    assertThatThrownBy(() -> sessions.signIn("iothubowner", SasKeys.generate(), "127.0.0.1"))
        .isInstanceOf(HubException.class)
        .hasMessage("sign-in failed: wrong policy name or key");
    assertThatThrownBy(() -> sessions.signIn("nobody", ownerKey, "127.0.0.1"))
        .hasMessage("sign-in failed: wrong policy name or key");
    assertThatThrownBy(() -> sessions.signIn("iothubowner", "", "127.0.0.1"))
        .hasMessage("sign-in failed: wrong policy name or key");
    assertThat(sessions.count()).isZero();
  }

  @Test
  void aChangeNeedsTheSessionsCsrfToken() {
    SignIn signIn = sessions.signIn("iothubowner", ownerKey, "127.0.0.1");

    assertThatThrownBy(() -> sessions.authenticate(signIn.cookieValue(), null, true))
        .isInstanceOf(HubException.class)
        .hasMessageContaining("X-CSRF-Token")
        .extracting(e -> ((HubException) e).kind())
        .isEqualTo(HubException.Kind.FORBIDDEN);
    assertThatThrownBy(() -> sessions.authenticate(signIn.cookieValue(), "forged", true))
        .hasMessageContaining("X-CSRF-Token");
    assertThat(sessions.authenticate(signIn.cookieValue(), signIn.session().csrfToken(), true))
        .extracting(Principal::name)
        .isEqualTo("iothubowner");
  }

  @Test
  void aSessionEndsAtItsLifetimeAndSaysItExpired() {
    SignIn signIn = sessions.signIn("iothubowner", ownerKey, "127.0.0.1");
    clock.advance(Duration.ofMinutes(30));

    assertThatThrownBy(() -> sessions.authenticate(signIn.cookieValue(), null, false))
        .isInstanceOf(HubException.class)
        .hasMessageContaining("expired at 2026-01-01T00:30:00Z")
        .extracting(e -> ((HubException) e).kind())
        .isEqualTo(HubException.Kind.UNAUTHORIZED);
    assertThat(sessions.isLive(ConsoleSessions.sessionKey(signIn.cookieValue()))).isFalse();
  }

  @Test
  void useDoesNotExtendASession() {
    SignIn signIn = sessions.signIn("iothubowner", ownerKey, "127.0.0.1");
    clock.advance(Duration.ofMinutes(29));
    sessions.authenticate(signIn.cookieValue(), null, false);
    clock.advance(Duration.ofMinutes(1));

    assertThatThrownBy(() -> sessions.authenticate(signIn.cookieValue(), null, false))
        .hasMessageContaining("expired");
  }

  @Test
  void signOutEndsTheSessionButOnlyWithItsCsrfToken() {
    SignIn signIn = sessions.signIn("iothubowner", ownerKey, "127.0.0.1");

    assertThatThrownBy(() -> sessions.signOut(signIn.cookieValue(), null))
        .hasMessageContaining("X-CSRF-Token");
    sessions.signOut(signIn.cookieValue(), signIn.session().csrfToken());

    assertThatThrownBy(() -> sessions.authenticate(signIn.cookieValue(), null, false))
        .hasMessageContaining("not signed in");
  }

  @Test
  void anUnknownOrMissingCookieIsNotSignedIn() {
    assertThatThrownBy(() -> sessions.authenticate(null, null, false))
        .hasMessageContaining("not signed in");
    assertThatThrownBy(() -> sessions.authenticate("made-up", null, false))
        .hasMessageContaining("not signed in");
  }

  @Test
  void rotatingThePolicysKeyEndsItsSessions() {
    SignIn signIn = sessions.signIn("iothubowner", ownerKey, "127.0.0.1");
    policy("iothubowner", SasKeys.generate(), EnumSet.allOf(Right.class));

    assertThatThrownBy(() -> sessions.authenticate(signIn.cookieValue(), null, false))
        .hasMessageContaining("policy 'iothubowner' or its key changed");
    assertThat(sessions.count()).isZero();
  }

  @Test
  void aSessionGetsThePolicysRightsAsTheyAreNow() {
    SignIn signIn = sessions.signIn("iothubowner", ownerKey, "127.0.0.1");
    policy("iothubowner", ownerKey, EnumSet.of(Right.REGISTRY_READ));

    assertThat(sessions.authenticate(signIn.cookieValue(), null, false).rights())
        .containsExactly(Right.REGISTRY_READ);
  }

  @Test
  void beyondTheMaximumTheOldestSessionEnds() {
    SignIn first = sessions.signIn("iothubowner", ownerKey, "127.0.0.1");
    for (int i = 0; i < 3; i++) {
      clock.advance(Duration.ofSeconds(1));
      sessions.signIn("iothubowner", ownerKey, "127.0.0.1");
    }

    assertThat(sessions.count()).isEqualTo(3);
    assertThatThrownBy(() -> sessions.authenticate(first.cookieValue(), null, false))
        .hasMessageContaining("not signed in");
  }

  @Test
  void theHubKeepsNeitherTheKeyNorTheCookieValue() {
    SignIn signIn = sessions.signIn("iothubowner", ownerKey, "127.0.0.1");

    assertThat(signIn.toString()).doesNotContain(signIn.cookieValue());
    assertThat(signIn.session().toString())
        .doesNotContain(ownerKey)
        .doesNotContain(signIn.session().csrfToken());
    assertThat(ConsoleSessions.sessionKey(signIn.cookieValue())).isNotEqualTo(signIn.cookieValue());
  }

  @Test
  void onlyTheConsolesApiPathsAreConsolePaths() {
    assertThat(ConsoleSessions.isConsoleApi("console/api/devices")).isTrue();
    assertThat(ConsoleSessions.isConsoleApi("/console/api/streams/live")).isTrue();
    assertThat(ConsoleSessions.isConsoleApi("devices")).isFalse();
    assertThat(ConsoleSessions.isConsoleApi("consoleX/api/devices")).isFalse();
    assertThat(ConsoleSessions.isChange("GET")).isFalse();
    assertThat(ConsoleSessions.isChange("POST")).isTrue();
    assertThat(ConsoleSessions.isChange("DELETE")).isTrue();
  }

  @Test
  void settingsOutOfRangeAreRefusedNamingTheKey() {
    assertThatThrownBy(() -> new ConsoleSettings(Duration.ofHours(13), 1, 1))
        .hasMessageContaining(ConsoleSettings.SESSION_LIFETIME);
    assertThatThrownBy(() -> new ConsoleSettings(Duration.ofHours(1), 0, 1))
        .hasMessageContaining(ConsoleSettings.MAX_SESSIONS);
    assertThatThrownBy(() -> new ConsoleSettings(Duration.ofHours(1), 1, 0))
        .hasMessageContaining(ConsoleSettings.MAX_FEEDS);
  }
}
