package io.devstreams.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.devstreams.service.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Debian's testssl.sh against both of the hub's listeners (the main one and the device-certificate
 * one), with its JSON findings parsed: nothing graded above LOW, apart from what the default
 * self-signed certificate cannot help (no chain of trust, a 10-year validity, no CRL or OCSP URI).
 * Every graded check runs (protocols, cipher lists, forward secrecy, server preference, server
 * defaults, HTTP headers, vulnerabilities); the client simulation, which grades nothing and took
 * most of the time (15 minutes at a load of 13), does not. Both scans run at once: 5 minutes each
 * at a load of 12 here.
 */
class TestsslIT {
  /** The findings of the default self-signed certificate, and only those, are let through. */
  static final Set<String> SELF_SIGNED =
      Set.of("cert_chain_of_trust", "cert_validityPeriod", "cert_revocation");

  private static final Set<String> ABOVE_LOW = Set.of("MEDIUM", "HIGH", "CRITICAL");

  private static Path dir;
  private static HubProcess hub;

  /** One testssl.sh JSON finding. */
  record Finding(String id, String ip, String port, String severity, String finding) {}

  @BeforeAll
  static void start() throws IOException {
    dir = Files.createTempDirectory(Path.of("target"), "testssl-").toAbsolutePath();
    hub = HubProcess.start(dir.resolve("hub"));
  }

  @AfterAll
  static void stop() {
    Closeables.closeAll(hub);
  }

  @Test
  void bothListenersHaveNoFindingAboveLowButTheSelfSignedCertificates() throws Exception {
    CompletableFuture<List<Finding>> main = CompletableFuture.supplyAsync(() -> scan(hub.port()));
    CompletableFuture<List<Finding>> devices =
        CompletableFuture.supplyAsync(() -> scan(hub.deviceCertPort()));

    for (List<Finding> findings : List.of(main.get(), devices.get())) {
      assertThat(findings).as("testssl.sh findings").isNotEmpty();
      assertThat(findings)
          .filteredOn(f -> ABOVE_LOW.contains(f.severity()))
          .filteredOn(f -> !SELF_SIGNED.contains(f.id()))
          .as("findings above LOW on port %s", findings.get(0).port())
          .isEmpty();
      // What the issue found: CBC suites offered ("Obsolete CBC ciphers", LUCKY13) and the
      // client's cipher order followed; now none offered, not vulnerable, the server's order.
      String port = findings.get(0).port();
      assertThat(only(findings, "cipherlist_AVERAGE").finding()).as(port).isEqualTo("not offered");
      assertThat(only(findings, "LUCKY13").severity()).as(port).isEqualTo("OK");
      assertThat(only(findings, "cipher_order").severity()).as(port).isEqualTo("OK");
    }
    // The device-certificate listener answers HTTP only after a client certificate, so testssl.sh
    // checks the headers on the main one: HSTS for a year, no Server banner.
    assertThat(only(main.get(), "HSTS_time").severity()).isEqualTo("OK");
    assertThat(only(main.get(), "banner_server").finding()).contains("No Server banner");
  }

  private static Finding only(List<Finding> findings, String id) {
    List<Finding> found = findings.stream().filter(f -> f.id().equals(id)).toList();
    assertThat(found).as("testssl.sh finding %s", id).hasSize(1);
    return found.get(0);
  }

  /** Runs testssl.sh against one port of the hub and returns its findings. */
  private static List<Finding> scan(int port) {
    Path json = dir.resolve("testssl-" + port + ".json");
    List<String> cmd =
        List.of(
            "testssl",
            "--quiet",
            "--color",
            "0",
            "--warnings",
            "off",
            "--ip",
            "one",
            "--protocols",
            "--std",
            "--fs",
            "--server-preference",
            "--server-defaults",
            "--headers",
            "--vulnerable",
            "--jsonfile",
            json.toString(),
            "localhost:" + port);
    try {
      Process p =
          new ProcessBuilder(new ArrayList<>(cmd))
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("testssl-" + port + ".log").toFile())
              .start();
      if (!p.waitFor(20, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new AssertionError("testssl.sh on port " + port + " took over 20 minutes");
      }
      String text = Files.readString(json, StandardCharsets.UTF_8);
      List<Finding> findings = new ArrayList<>();
      for (Map<?, ?> f : Json.<Map<?, ?>[]>read(text, Map[].class)) {
        findings.add(
            new Finding(
                String.valueOf(f.get("id")),
                String.valueOf(f.get("ip")),
                String.valueOf(f.get("port")),
                String.valueOf(f.get("severity")),
                String.valueOf(f.get("finding"))));
      }
      return findings;
    } catch (IOException e) {
      throw new AssertionError("testssl.sh on port " + port + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
