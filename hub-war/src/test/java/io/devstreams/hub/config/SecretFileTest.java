package io.devstreams.hub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFileTest {

  @TempDir Path dir;

  @Test
  void writesTheContentReadableByTheOwnerOnly() throws IOException {
    Path file = dir.resolve("owner.connection-string");

    new SecretFile(file).write("secret\n");

    assertThat(file).hasContent("secret");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  @Test
  void replacesAnExistingFileAndTightensItsMode() throws IOException {
    Path file = dir.resolve("owner.connection-string");
    Files.writeString(file, "old");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    new SecretFile(file).write("new");

    assertThat(file).hasContent("new");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  @Test
  void leavesNoTemporaryFileBehind() throws IOException {
    new SecretFile(dir.resolve("owner.connection-string")).write("x");

    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files)
          .extracting(p -> p.getFileName().toString())
          .containsExactly("owner.connection-string");
    }
  }

  @Test
  void failsWhenTheDirectoryDoesNotExist() {
    SecretFile file = new SecretFile(dir.resolve("missing/owner.connection-string"));

    assertThatThrownBy(() -> file.write("x")).isInstanceOf(IOException.class);
  }
}
