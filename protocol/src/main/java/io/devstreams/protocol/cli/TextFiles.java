package io.devstreams.protocol.cli;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a settings file named by a user, refusing in one line what makes it unreadable. */
final class TextFiles {

  private TextFiles() {}

  /**
   * Returns the UTF-8 text of the file.
   *
   * @param name the file's name as given
   * @param label how messages call it: {@code config file '/etc/devstreams/device.conf'}
   * @throws UsageException if it is not a path, does not exist, is a directory, is not readable or
   *     not UTF-8 text
   */
  static String read(String name, String label) {
    Path path;
    try {
      path = Path.of(name);
    } catch (InvalidPathException e) {
      throw new UsageException(label + " is not a valid path", e);
    }
    if (Files.isDirectory(path)) {
      throw new UsageException(label + " is a directory");
    }
    try {
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new UsageException(label + " does not exist", e);
    } catch (AccessDeniedException e) {
      throw new UsageException(label + " is not readable (permission denied)", e);
    } catch (CharacterCodingException e) {
      throw new UsageException(label + " is not UTF-8 text", e);
    } catch (IOException e) {
      throw new UsageException(label + " cannot be read: " + e.getMessage(), e);
    }
  }
}
