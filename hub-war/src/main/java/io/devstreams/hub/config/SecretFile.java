package io.devstreams.hub.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;

/**
 * A file only its owner may read (mode 0600), replaced atomically.
 *
 * <p>The content goes to a temporary file in the same directory that is created with mode 0600
 * (never wider, even for an instant) and is then moved over the target, so a reader sees either the
 * old content or the new, and nobody else ever sees it.
 *
 * @param path the file to write
 */
public record SecretFile(Path path) {

  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  /** Checks the path. */
  public SecretFile {
    Objects.requireNonNull(path, "path");
  }

  /**
   * Replaces the file's content.
   *
   * @throws IOException if the directory is not writable or does not support POSIX permissions
   */
  public void write(String content) throws IOException {
    Path dir = path.toAbsolutePath().getParent();
    FileAttribute<Set<PosixFilePermission>> mode = PosixFilePermissions.asFileAttribute(OWNER_ONLY);
    Path tmp;
    try {
      tmp = Files.createTempFile(dir, "." + path.getFileName(), ".tmp", mode);
    } catch (UnsupportedOperationException e) {
      throw new IOException("the file system of " + dir + " has no POSIX permissions", e);
    }
    try {
      Files.writeString(tmp, content);
      Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
