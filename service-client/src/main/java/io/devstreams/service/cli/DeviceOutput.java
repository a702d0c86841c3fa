package io.devstreams.service.cli;

import io.devstreams.protocol.ConnectionString;
import io.devstreams.service.Device;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders devices for people: a connection string, a table, or aligned key/value lines. */
final class DeviceOutput {

  private static final String NONE = "-";

  private DeviceOutput() {}

  /**
   * Returns the device's connection string, {@code HostName=HOST;DeviceId=ID;SharedAccessKey=K}.
   *
   * @throws IllegalArgumentException if the device has no (valid) primary symmetric key
   */
  static String connectionString(String hostName, Device device) {
    if (device.primaryKey() == null) {
      throw new IllegalArgumentException(
          "device '" + device.deviceId() + "' has no symmetric key, so no connection string");
    }
    return ConnectionString.forDevice(hostName, device.deviceId(), device.primaryKey()).format();
  }

  /** Returns a table of devices with a header line; columns separated by two spaces. */
  static String table(List<Device> devices) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"DEVICE ID", "STATUS", "CONNECTION", "LAST ACTIVITY"});
    for (Device device : devices) {
      rows.add(
          new String[] {
            orNone(device.deviceId()),
            orNone(device.status()),
            orNone(device.connectionState()),
            time(device.lastActivityTime())
          });
    }
    return Table.render(rows);
  }

  /** Returns one {@code key: value} line per member, keys included, values aligned. */
  static String details(Device device) {
    Map<String, String> lines = new LinkedHashMap<>();
    lines.put("deviceId", device.deviceId());
    lines.put("status", orNone(device.status()));
    lines.put("statusReason", orNone(device.statusReason()));
    lines.put("connectionState", orNone(device.connectionState()));
    lines.put("connectionStateUpdatedTime", time(device.connectionStateUpdatedTime()));
    lines.put("lastActivityTime", time(device.lastActivityTime()));
    lines.put("etag", orNone(device.etag()));
    lines.put("generationId", orNone(device.generationId()));
    Device.Authentication auth = device.authentication();
    lines.put("authentication", auth == null ? NONE : orNone(auth.type()));
    if (auth != null && auth.symmetricKey() != null) {
      lines.put("primaryKey", orNone(auth.symmetricKey().primaryKey()));
      lines.put("secondaryKey", orNone(auth.symmetricKey().secondaryKey()));
    }
    if (auth != null && hasThumbprint(auth.x509Thumbprint())) {
      lines.put("primaryThumbprint", orNone(auth.x509Thumbprint().primaryThumbprint()));
      lines.put("secondaryThumbprint", orNone(auth.x509Thumbprint().secondaryThumbprint()));
    }
    int width = lines.keySet().stream().mapToInt(String::length).max().orElse(0) + 2;
    StringBuilder out = new StringBuilder();
    lines.forEach(
        (key, value) -> out.append(String.format("%-" + width + "s%s\n", key + ":", value)));
    return out.toString();
  }

  private static boolean hasThumbprint(Device.X509Thumbprint thumbprint) {
    return thumbprint != null
        && (thumbprint.primaryThumbprint() != null || thumbprint.secondaryThumbprint() != null);
  }

  /** Azure reports "never" as the year 1. */
  private static String time(String isoTime) {
    if (isoTime == null || isoTime.isBlank()) {
      return NONE;
    }
    return isoTime.startsWith("0001-01-01") ? "never" : isoTime;
  }

  private static String orNone(String value) {
    return value == null || value.isBlank() ? NONE : ErrorMessages.oneLine(value);
  }
}
