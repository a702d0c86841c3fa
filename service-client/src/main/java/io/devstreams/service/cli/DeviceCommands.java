package io.devstreams.service.cli;

import io.devstreams.protocol.DeviceIds;
import io.devstreams.protocol.Thumbprints;
import io.devstreams.protocol.cli.OptionSpec;
import io.devstreams.protocol.cli.UsageException;
import io.devstreams.protocol.tunnel.HubTls;
import io.devstreams.service.Device;
import io.devstreams.service.DeviceStatus;
import io.devstreams.service.Json;
import io.devstreams.service.X509Device;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/** The {@code device} commands: registry administration through the hub's REST API. */
final class DeviceCommands {

  /** The reason recorded when a device is disabled. */
  static final OptionSpec REASON = new OptionSpec("--reason", "TEXT", "why the device is disabled");

  /** The device's certificate: it authenticates with it (mutual TLS) instead of keys. */
  static final OptionSpec X509 =
      new OptionSpec(
          "--x509", "CERT.pem", "authenticate the device by this X.509 certificate, not keys");

  /**
   * A second certificate for an X.509 device, so that it can move to a new one without downtime.
   */
  static final OptionSpec X509_SECONDARY =
      new OptionSpec("--x509-secondary", "CERT.pem", "a second certificate the device may use");

  private static final String GROUP = "device";
  private static final List<String> ID = List.of("ID");

  private DeviceCommands() {}

  /** Returns the specs of every {@code device} subcommand. */
  static List<CommandSpec> specs() {
    List<OptionSpec> json = List.of(GlobalOptions.JSON);
    return List.of(
        spec(
            "create",
            ID,
            List.of(X509, X509_SECONDARY, GlobalOptions.JSON),
            "create a device; print its connection string",
            DeviceCommands::create),
        spec(
            "list",
            List.of(),
            json,
            "list devices: status, connection, last activity",
            DeviceCommands::list),
        spec(
            "show",
            ID,
            json,
            "show a device, keys, etag and generation id included",
            DeviceCommands::show),
        spec(
            "disable",
            ID,
            List.of(REASON, GlobalOptions.JSON),
            "refuse the device's connections",
            DeviceCommands::disable),
        spec("enable", ID, json, "accept the device's connections again", DeviceCommands::enable),
        spec("delete", ID, List.of(), "delete a device and its keys", DeviceCommands::delete),
        spec(
            "rotate-key",
            ID,
            json,
            "replace the primary key; print the new connection string",
            DeviceCommands::rotateKey));
  }

  private static CommandSpec spec(
      String name,
      List<String> arguments,
      List<OptionSpec> options,
      String summary,
      CommandSpec.Action action) {
    return new CommandSpec(List.of(GROUP, name), arguments, options, summary, action);
  }

  private static void create(Invocation run) {
    String id = deviceId(run);
    Optional<String> certificate = run.line().value(X509);
    Optional<String> secondary = run.line().value(X509_SECONDARY);
    if (certificate.isEmpty()) {
      if (secondary.isPresent()) {
        throw new UsageException("--x509-secondary needs --x509 (the primary certificate)");
      }
      printConnectionStringOrJson(run, run.registry().create(id));
      return;
    }
    String primaryThumbprint = thumbprint(X509, certificate.get());
    String secondaryThumbprint =
        secondary.map(file -> thumbprint(X509_SECONDARY, file)).orElse(null);
    X509Device device = run.registry().createX509(id, primaryThumbprint, secondaryThumbprint);
    if (json(run)) {
      run.out().println(Json.writePretty(device.device()));
      return;
    }
    try {
      run.out().println(device.connectionString().format());
    } catch (IllegalStateException e) {
      throw new CommandException("device '" + id + "' created, but " + e.getMessage(), e);
    }
  }

  /** The SHA-256 thumbprint of the (first) certificate in a PEM file named by an option. */
  private static String thumbprint(OptionSpec option, String file) {
    try {
      return Thumbprints.sha256(
          (X509Certificate) HubTls.certificates(Path.of(file), "certificate file").get(0));
    } catch (IllegalArgumentException e) {
      throw new UsageException(option.name() + ": " + e.getMessage(), e);
    }
  }

  private static void list(Invocation run) {
    List<Device> devices = run.registry().list();
    run.out().print(json(run) ? Json.writePretty(devices) + "\n" : DeviceOutput.table(devices));
  }

  private static void show(Invocation run) {
    String id = deviceId(run);
    Device device = run.registry().get(id);
    run.out().print(json(run) ? Json.writePretty(device) + "\n" : DeviceOutput.details(device));
  }

  private static void disable(Invocation run) {
    String id = deviceId(run);
    String reason = run.line().value(REASON).orElse(null);
    Device device = run.registry().setStatus(id, DeviceStatus.DISABLED, reason);
    printConfirmationOrJson(run, device, "disabled");
  }

  private static void enable(Invocation run) {
    String id = deviceId(run);
    Device device = run.registry().setStatus(id, DeviceStatus.ENABLED, null);
    printConfirmationOrJson(run, device, "enabled");
  }

  private static void delete(Invocation run) {
    String id = deviceId(run);
    run.registry().delete(id);
    run.out().println("device '" + id + "' deleted");
  }

  private static void rotateKey(Invocation run) {
    String id = deviceId(run);
    Device device = run.registry().rotateKey(id);
    printConnectionStringOrJson(run, device);
  }

  private static void printConnectionStringOrJson(Invocation run, Device device) {
    String hostName = run.registry().hub().hostName();
    run.out()
        .println(
            json(run) ? Json.writePretty(device) : DeviceOutput.connectionString(hostName, device));
  }

  private static void printConfirmationOrJson(Invocation run, Device device, String what) {
    run.out()
        .println(
            json(run) ? Json.writePretty(device) : "device '" + device.deviceId() + "' " + what);
  }

  private static boolean json(Invocation run) {
    return run.line().has(GlobalOptions.JSON);
  }

  /** Checks the ID argument before anything is sent, so a bad id is a usage error. */
  private static String deviceId(Invocation run) {
    String id = run.line().argument(0);
    try {
      DeviceIds.validate(id);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage(), e);
    }
    return id;
  }
}
