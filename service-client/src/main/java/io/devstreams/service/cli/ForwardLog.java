package io.devstreams.service.cli;

import io.devstreams.protocol.Decimals;
import io.devstreams.protocol.tunnel.StreamResult;
import io.devstreams.protocol.tunnel.TunnelStream;
import io.devstreams.service.LocalForwarder;
import io.devstreams.service.LocalForwarder.Connection;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * Writes one line to standard error per event of a {@code forward}ed connection, for example {@code
 * 2026-01-31T12:00:00.123Z #3 127.0.0.1:50122 closed after 2.4 s: 1.2 KiB to device, 5.0 KiB from
 * device, closed normally}.
 */
final class ForwardLog implements LocalForwarder.Listener {

  private final Invocation run;
  private final PrintStream err;
  private final Clock clock;

  ForwardLog(Invocation run) {
    this(run, Clock.systemUTC());
  }

  ForwardLog(Invocation run, Clock clock) {
    this.run = run;
    this.err = run.err();
    this.clock = clock;
  }

  @Override
  public void opened(Connection connection, TunnelStream channel) {
    line(connection, "open: stream " + channel.id());
  }

  @Override
  public void closed(Connection connection, StreamResult result, Duration duration) {
    line(
        connection,
        "closed after "
            + Decimals.oneDecimal(duration.toMillis() / 1000.0)
            + " s: "
            + StreamOutput.bytes(result.bytesSent())
            + " to device, "
            + StreamOutput.bytes(result.bytesReceived())
            + " from device, "
            + result.describe());
  }

  @Override
  public void failed(Connection connection, RuntimeException failure) {
    line(connection, "refused: " + ErrorMessages.describe(failure, run.resolvedSettings()));
  }

  private void line(Connection connection, String event) {
    String text =
        clock.instant().truncatedTo(ChronoUnit.MILLIS)
            + " #"
            + connection.number()
            + " "
            + StreamOutput.address(connection.client())
            + " "
            + ErrorMessages.oneLine(event);
    synchronized (err) {
      err.println(text);
      err.flush();
    }
  }
}
