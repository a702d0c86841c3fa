package io.devstreams.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CliLoggingTest {

  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final Logger root = Logger.getLogger("");
  private Handler[] saved;
  private Level savedLevel;

  @BeforeEach
  void saveConfiguration() {
    saved = root.getHandlers();
    savedLevel = root.getLevel();
  }

  @AfterEach
  void restoreConfiguration() {
    for (Handler handler : root.getHandlers()) {
      root.removeHandler(handler);
    }
    for (Handler handler : saved) {
      root.addHandler(handler);
    }
    root.setLevel(savedLevel);
    Logger.getLogger("io.devstreams").setLevel(null);
  }

  private String logged() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aWarningIsOneLineInTheCliStyle() {
    CliLogging.configure(new PrintStream(err, true, StandardCharsets.UTF_8), false);

    System.getLogger("io.devstreams.protocol.tunnel.StreamChannel")
        .log(System.Logger.Level.WARNING, "stream s-1: ignoring a control message\nsecond line");

    assertThat(logged())
        .isEqualTo(
            "devstreams: warning: stream s-1: ignoring a control message second line"
                + System.lineSeparator());
  }

  @Test
  void debugLinesOnlyWithDebug() {
    CliLogging.configure(new PrintStream(err, true, StandardCharsets.UTF_8), false);
    System.Logger log = System.getLogger("io.devstreams.service.HubConnection");
    log.log(System.Logger.Level.DEBUG, "GET /streams -> 200");
    assertThat(logged()).isEmpty();

    CliLogging.configure(new PrintStream(err, true, StandardCharsets.UTF_8), true);
    log.log(System.Logger.Level.DEBUG, "GET /streams -> 200");
    assertThat(logged())
        .isEqualTo("devstreams: debug: GET /streams -> 200" + System.lineSeparator());
  }
}
