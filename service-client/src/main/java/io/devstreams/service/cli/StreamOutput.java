package io.devstreams.service.cli;

import io.devstreams.protocol.Decimals;
import io.devstreams.service.ActiveStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Renders streams for people: the active-streams table, byte counts, ages and addresses. */
final class StreamOutput {

  private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

  private StreamOutput() {}

  /** Returns a table of active streams with a header line. */
  static String table(List<ActiveStream> streams) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"STREAM ID", "DEVICE", "SERVICE", "AGE", "FROM DEVICE", "FROM SERVICE"});
    for (ActiveStream stream : streams) {
      rows.add(
          new String[] {
            text(stream.streamId()),
            text(stream.deviceId()),
            text(stream.name()),
            age(stream.ageSeconds()),
            bytes(stream.bytesFromDevice()),
            bytes(stream.bytesFromService())
          });
    }
    return Table.render(rows);
  }

  /** Returns a byte count for people: {@code 512 B}, {@code 1.5 KiB}, {@code 10.0 MiB}. */
  static String bytes(long count) {
    if (count < 1024) {
      return count + " B";
    }
    double value = count;
    int unit = -1;
    while (value >= 1024 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    return Decimals.oneDecimal(value) + " " + UNITS[unit];
  }

  /** Returns an age for people: {@code 42s}, {@code 2m05s}, {@code 1h02m}, {@code 3d04h}. */
  static String age(long seconds) {
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
    }
    if (seconds < 86400) {
      return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
    }
    return String.format(Locale.ROOT, "%dd%02dh", seconds / 86400, seconds % 86400 / 3600);
  }

  /** Returns {@code 127.0.0.1:2222} or {@code [::1]:2222}. */
  static String address(InetSocketAddress address) {
    String host =
        address.getAddress() == null
            ? address.getHostString()
            : address.getAddress().getHostAddress();
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
  }

  private static String text(String value) {
    return value == null || value.isBlank() ? "-" : ErrorMessages.oneLine(value);
  }
}
