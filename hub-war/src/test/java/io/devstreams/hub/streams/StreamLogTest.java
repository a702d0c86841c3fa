package io.devstreams.hub.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The stream lines operators read and grep: their text, and the source they name. */
class StreamLogTest {

  private final Logger logger = Logger.getLogger(StreamBroker.class.getName());
  private final List<LogRecord> records = new ArrayList<>();
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  private final StreamEntry entry =
      new StreamEntry(
          "s1",
          "iothubowner",
          Instant.EPOCH,
          "dev1",
          "ssh",
          Instant.EPOCH.plusSeconds(30),
          new byte[32],
          new byte[32]);

  @BeforeEach
  void listen() {
    logger.addHandler(capture);
  }

  @AfterEach
  void stopListening() {
    logger.removeHandler(capture);
  }

  @Test
  void aRelayedStreamIsTwoLines() {
    StreamLog.paired(entry, Side.SERVICE);
    StreamLog.closed(entry, "the service side closed", Instant.EPOCH.plusSeconds(75));

    assertThat(records)
        .extracting(LogRecord::getMessage)
        .containsExactly(
            "stream s1 of device dev1: service 'ssh' for policy 'iothubowner' paired (service"
                + " side joined last); relaying",
            "stream s1 of device dev1 closed after 0 s: the service side closed; 0 bytes from"
                + " device, 0 from service");
    assertThat(records)
        .as("each record names its source, so that no formatter walks the stack to find it")
        .allSatisfy(
            r -> {
              assertThat(r.getSourceClassName()).isEqualTo(StreamBroker.class.getName());
              assertThat(r.getParameters()).isNull();
            });
  }

  @Test
  void refusalsCancellationsAndExpiriesSayWhy() {
    StreamLog.refused(entry, Side.DEVICE, "the token was used already");
    StreamLog.left(entry, Side.SERVICE, "the service side closed");
    StreamLog.cancelled(entry, "the device disconnected");
    StreamLog.expired(entry, "the device side never joined");

    assertThat(records)
        .extracting(LogRecord::getMessage)
        .containsExactly(
            "stream s1 of device dev1: refused the device side: the token was used already",
            "stream s1 of device dev1: the service side closed before the device side joined",
            "stream s1 of device dev1: cancelled: the device disconnected",
            "stream s1 of device dev1: expired: the device side never joined");
  }
}
