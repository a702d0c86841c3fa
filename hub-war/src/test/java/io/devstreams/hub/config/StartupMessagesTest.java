package io.devstreams.hub.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StartupMessagesTest {
  private static final String OWNER =
      "HostName=hub.example;SharedAccessKeyName=iothubowner;SharedAccessKey=c2VjcmV0";
  private static final Path FILE = Path.of("/var/lib/devstreams/owner.connection-string");

  private static String firstStart(boolean terminal) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new StartupMessages(new PrintStream(bytes, true, StandardCharsets.UTF_8), terminal)
        .firstStart(OWNER, Optional.of(FILE));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void showsTheOwnerConnectionStringOnATerminal() {
    assertThat(firstStart(true)).contains(OWNER, FILE.toString());
  }

  @Test
  void neverPrintsTheOwnerConnectionStringWhereItWouldBeLogged() {
    String out = firstStart(false);

    assertThat(out).doesNotContain("c2VjcmV0").contains("not shown", FILE.toString());
  }
}
