package io.devstreams.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.devstreams.protocol.ConnectionString;
import io.devstreams.protocol.SasKeys;
import io.devstreams.service.DeviceNotFoundException;
import io.devstreams.service.HubConnectionException;
import io.devstreams.service.HubConnectionException.Reason;
import io.devstreams.service.HubException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ErrorMessagesTest {

  private static final URI HUB = URI.create("https://localhost:8443");

  private static Settings settings(String policy, Path trust, String trustSource) {
    return new Settings(
        ConnectionString.forService("localhost:8443", policy, SasKeys.generate()),
        "connection string file 'owner.cs'",
        trust,
        trustSource,
        null,
        io.devstreams.protocol.tunnel.Heartbeat.DEFAULT);
  }

  private static String describe(RuntimeException e) {
    return ErrorMessages.describe(e, Optional.empty());
  }

  @Test
  void deviceNotFoundNamesTheDevice() {
    assertThat(describe(new DeviceNotFoundException("x"))).isEqualTo("no device 'x'");
  }

  @Test
  void unauthorizedPointsAtWhereTheConnectionStringCameFrom() {
    HubException e = new HubException(401, OptionalInt.of(401002), "Unauthorized");

    assertThat(describe(e))
        .isEqualTo("the hub refused the credentials (401): check DEVSTREAMS_CONNECTION_STRING");
    assertThat(ErrorMessages.describe(e, Optional.of(settings("owner", null, null))))
        .isEqualTo(
            "the hub refused the credentials (401): check connection string file 'owner.cs'");
  }

  @Test
  void forbiddenNamesThePolicyAndTheHubsDetail() {
    HubException e = new HubException(403, OptionalInt.of(403006), "RegistryWrite is required");

    assertThat(ErrorMessages.describe(e, Optional.of(settings("registryRead", null, null))))
        .isEqualTo(
            "the hub does not allow the policy 'registryRead' to do this (403):"
                + " RegistryWrite is required");
  }

  @Test
  void preconditionFailedSaysToRunAgain() {
    assertThat(describe(new HubException(412, OptionalInt.of(412001), "etag mismatch")))
        .isEqualTo("the device changed while this command ran (412): run it again");
  }

  @Test
  void otherClientErrorsCarryTheStatusAndDetail() {
    assertThat(describe(new HubException(413, OptionalInt.empty(), "body too large")))
        .isEqualTo("the hub refused the request (413): body too large");
  }

  @Test
  void serverErrorsSayTheHubFailed() {
    assertThat(describe(new HubException(503, OptionalInt.of(503001), "shutting down")))
        .isEqualTo("the hub failed (503): shutting down");
  }

  @Test
  void untrustedCertificateWithoutTrustFileSaysHowToTrustTheHub() {
    HubConnectionException e =
        new HubConnectionException(Reason.UNTRUSTED_CERTIFICATE, HUB, "not trusted", null);

    assertThat(describe(e))
        .isEqualTo(
            "the hub's certificate is not trusted: pass --trust-cert DATA/hub-cert.pem"
                + " or set DEVSTREAMS_TRUST_CERT");
  }

  @Test
  void untrustedCertificateWithTrustFileNamesTheFile() {
    HubConnectionException e =
        new HubConnectionException(Reason.UNTRUSTED_CERTIFICATE, HUB, "not trusted", null);
    Settings settings = settings("owner", Path.of("old.pem"), "DEVSTREAMS_TRUST_CERT");

    assertThat(ErrorMessages.describe(e, Optional.of(settings)))
        .isEqualTo(
            "the hub's certificate is not the one in 'old.pem' (from DEVSTREAMS_TRUST_CERT):"
                + " trust the hub's own DATA/hub-cert.pem");
  }

  @Test
  void connectionFailuresKeepTheLibrarysMessage() {
    HubConnectionException e =
        new HubConnectionException(
            Reason.UNREACHABLE,
            HUB,
            "cannot reach hub at https://localhost:8443: connection refused",
            null);

    assertThat(describe(e))
        .isEqualTo("cannot reach hub at https://localhost:8443: connection refused");
  }

  @Test
  void hubDetailIsKeptOnOneLineWithoutControlCharacters() {
    HubException e = new HubException(400, OptionalInt.empty(), "bad\nthing\u001b[31m here");

    assertThat(describe(e)).isEqualTo("the hub refused the request (400): bad thing [31m here");
  }

  @Test
  void unexpectedFailuresAskForDebugOutput() {
    assertThat(describe(new IllegalStateException("boom")))
        .isEqualTo(
            "unexpected error: java.lang.IllegalStateException: boom"
                + " (set DEVSTREAMS_DEBUG=1 to see where, and please report it)");
  }
}
