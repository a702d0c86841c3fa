package io.devstreams.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A service's command run as systemd would run it, where no systemd runs as PID 1: each
 * LoadCredential= file (or its SetCredential= fallback) copied into a credentials directory that
 * only the unit's user can read ({@code $CREDENTIALS_DIRECTORY}), then ExecStart= through {@code
 * setpriv} as User=/Group= with no new privileges and no capabilities, with the unit's UMask= and
 * the clean environment systemd gives a system service, and its CacheDirectory= under /var/cache
 * (owned by the user, kept after the stop as systemd keeps it). It does not apply the unit's
 * sandboxing (ProtectSystem=, RestrictAddressFamilies=, SystemCallFilter= ...), which needs systemd
 * itself.
 */
final class ServiceRun implements AutoCloseable {
  private final SystemdUnit unit;
  private final ManagedProcess process;
  private final Path credentialsParent;

  private ServiceRun(SystemdUnit unit, ManagedProcess process, Path credentialsParent) {
    this.unit = unit;
    this.process = process;
    this.credentialsParent = credentialsParent;
  }

  /** Starts the unit file's service, its output in {@code log}. */
  static ServiceRun start(Path unitFile, Path log) {
    return start(unitFile, log, List.of());
  }

  /**
   * Starts the unit file's service under {@code wrapper} (a command such as {@code strace -f -o
   * FILE} that runs the rest of the line), its output in {@code log}.
   */
  static ServiceRun start(Path unitFile, Path log, List<String> wrapper) {
    SystemdUnit unit = SystemdUnit.read(unitFile);
    String user = unit.one("Service", "User");
    String group = unit.one("Service", "Group");
    try {
      Path parent = Files.createTempDirectory(Path.of("/tmp"), "devstreams-credentials-");
      Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwx--x--x"));
      Path credentials = parent.resolve(unitFile.getFileName().toString());
      writeCredentials(unit, credentials, user, group);
      Path cache = Path.of("/var/cache", unit.one("Service", "CacheDirectory"));
      Files.createDirectories(cache);
      own(cache, user, group, "rwxr-xr-x");
      List<String> command = new ArrayList<>(wrapper);
      command.addAll(
          List.of(
              "setpriv",
              "--reuid=" + user,
              "--regid=" + group,
              "--init-groups",
              "--no-new-privs",
              "--inh-caps=-all",
              "--bounding-set=-all",
              "--",
              "/bin/sh",
              "-c",
              "umask " + unit.one("Service", "UMask") + " && exec \"$@\"",
              "sh"));
      command.addAll(List.of(unit.one("Service", "ExecStart").split("\\s+")));
      ProcessBuilder pb = new ProcessBuilder(command).directory(Path.of("/").toFile());
      pb.environment().clear();
      pb.environment()
          .putAll(
              Map.of(
                  "PATH",
                  "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                  "LANG",
                  "C.UTF-8",
                  "USER",
                  user,
                  "LOGNAME",
                  user,
                  "HOME",
                  "/nonexistent",
                  "SHELL",
                  "/usr/sbin/nologin",
                  "CREDENTIALS_DIRECTORY",
                  credentials.toString(),
                  "CACHE_DIRECTORY",
                  cache.toString()));
      return new ServiceRun(unit, ManagedProcess.start(log, pb), parent);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeCredentials(SystemdUnit unit, Path dir, String user, String group)
      throws IOException {
    Files.createDirectory(dir);
    Map<String, String> fallbacks = unit.credentials("SetCredential");
    for (Map.Entry<String, String> load : unit.credentials("LoadCredential").entrySet()) {
      Path source = Path.of(load.getValue());
      Path copy = dir.resolve(load.getKey());
      if (Files.isRegularFile(source)) {
        Files.copy(source, copy);
      } else if (fallbacks.containsKey(load.getKey())) {
        Files.writeString(copy, fallbacks.get(load.getKey()).replace("\\n", "\n"));
      } else {
        throw new AssertionError(
            "systemd would refuse to start: no " + source + " and no SetCredential= fallback");
      }
      own(copy, user, group, "r--------");
    }
    own(dir, user, group, "r-x------");
  }

  private static void own(Path path, String user, String group, String mode) throws IOException {
    UserPrincipalLookupService names = path.getFileSystem().getUserPrincipalLookupService();
    PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
    view.setOwner(names.lookupPrincipalByName(user));
    GroupPrincipal owner = names.lookupPrincipalByGroupName(group);
    view.setGroup(owner);
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
  }

  SystemdUnit unit() {
    return unit;
  }

  String user() {
    return unit.one("Service", "User");
  }

  ManagedProcess process() {
    return process;
  }

  /** Stops the service if it runs (SIGTERM) and removes its credentials, as systemd does. */
  @Override
  public void close() throws IOException {
    process.close();
    try (Stream<Path> files = Files.walk(credentialsParent)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
