package io.devstreams.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The agent's Debian package as an administrator uses it: installed with apt-get on this machine
 * (as root, as CI runs), its unit checked by {@code systemd-analyze}, the unit's command run as the
 * package's user against a real hub with a stream through it, then removed and purged.
 *
 * <p>No systemd runs as PID 1 here (nor in CI), so {@link ServiceRun} does what it would: the
 * unit's credentials in a directory only the user can read, the unit's user, no new privileges, no
 * capabilities, its umask and a clean environment; SIGTERM to stop.
 */
class DebianPackageIT {
  static final String PACKAGE = "devstreams-device";
  static final Path UNIT = Path.of("/lib/systemd/system/devstreams-device.service");
  static final Path ETC = Path.of("/etc/devstreams");
  static final Path SECRET = ETC.resolve("device.connection-string");
  private static final Duration UP = Duration.ofSeconds(90);

  private static FileChannel lockFile;
  private static FileLock lock;
  private static Path dir;
  private static Path deb;
  private static HubProcess hub;
  private static TcpTargets echo;

  @BeforeAll
  static void start() throws IOException {
    // One test at a time installs the package on a machine, whoever runs it.
    lockFile =
        FileChannel.open(
            Path.of("/tmp/devstreams-deb-it.lock"),
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE);
    lock = lockFile.lock();
    dir = Files.createTempDirectory(Path.of("target"), "deb-").toAbsolutePath();
    deb = packageFile();
    hub = HubProcess.start(dir.resolve("hub"));
    echo = TcpTargets.echo();
  }

  @AfterAll
  static void stop() throws IOException {
    try {
      Closeables.closeAll(echo, hub);
      Commands.run(Duration.ofMinutes(2), "dpkg", "--purge", PACKAGE);
    } finally {
      lock.release();
      lockFile.close();
    }
  }

  @Test
  void unitPassesSystemdAnalyzeAndItsHardeningScoresLow() {
    install();
    List<String> verify = new ArrayList<>(List.of("systemd-analyze", "verify"));
    if (!Commands.onPath("man")) {
      verify.add("--man=no"); // the Documentation= check needs man, which CI does not install
    }
    verify.add(UNIT.getFileName().toString());
    Commands.Result verified = Commands.run(Duration.ofMinutes(1), verify.toArray(String[]::new));

    assertThat(verified.exitCode()).as(verified.output()).isZero();
    // systemd before 254 (Debian 12 has 252) does not know the restart backoff and ignores it.
    assertThat(verified.output().lines())
        .as(verified.output())
        .allMatch(l -> l.matches(".*Unknown key '(RestartSteps|RestartMaxDelaySec)'.*"));

    Commands.Result security =
        Commands.run(
            Duration.ofMinutes(1),
            "systemd-analyze",
            "security",
            "--offline=true",
            "--threshold=25",
            UNIT.toString());
    assertThat(security.exitCode()).as(security.output()).isZero();
    assertThat(security.output()).contains("Overall exposure level for devstreams-device.service");
  }

  @Test
  void serviceRunsAsItsUserServesAStreamAndStopsCleanlyOnSigterm() throws Exception {
    install();
    configure("pkg-stream", "service = echo=127.0.0.1:" + echo.port());
    try (ServiceRun agent = ServiceRun.start(UNIT, dir.resolve("agent-stream.log"))) {
      agent.process().await("connected to", UP);
      String uid = Commands.run(Duration.ofSeconds(10), "id", "-u", agent.user()).output().strip();
      String status =
          Files.readString(Path.of("/proc", agent.process().process().pid() + "", "status"));
      assertThat(status).containsPattern("(?m)^Uid:\\s+" + uid + "\\s+" + uid + "\\s+" + uid);
      assertThat(status).containsPattern("(?m)^NoNewPrivs:\\s+1$");
      assertThat(status).containsPattern("(?m)^CapEff:\\s+0+$");

      try (ManagedProcess forward =
              ManagedProcess.start(
                  dir.resolve("forward.log"),
                  Cli.ownerEnv(hub),
                  "devstreams",
                  List.of("forward", "pkg-stream", "echo", "--local-port", "0"));
          Socket stream =
              new Socket(InetAddress.getLoopbackAddress(), forward.awaitForwardPort())) {
        stream.setSoTimeout(60_000);
        byte[] payload = new byte[1024 * 1024];
        new Random(16).nextBytes(payload);
        CompletableFuture<Void> writer =
            CompletableFuture.runAsync(
                () -> {
                  try {
                    stream.getOutputStream().write(payload);
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                });
        assertThat(stream.getInputStream().readNBytes(payload.length)).isEqualTo(payload);
        writer.get(60, TimeUnit.SECONDS);

        // As systemd stops it, with the stream still open: SIGTERM (Process.destroy would also
        // close the output this test reads).
        Duration stopTimeout =
            Duration.ofSeconds(seconds(agent.unit().one("Service", "TimeoutStopSec")));
        Commands.run(
            Duration.ofSeconds(10),
            "kill",
            "-TERM",
            Long.toString(agent.process().process().pid()));
        int exit = agent.process().awaitExit(stopTimeout);

        assertThat(exit).as("exit status after SIGTERM").isZero();
        assertThat(stream.getInputStream().read())
            .as("the open stream ended cleanly")
            .isEqualTo(-1);
        assertThat(agent.process().awaitOutputEnd(UP))
            .anyMatch(l -> l.contains("INFO stopping: closing the control channel and 1 open"))
            .anyMatch(l -> l.endsWith("INFO stopped"));
      }
    }
    try (Stream<Path> cached = Files.list(Path.of("/var/cache/devstreams-device"))) {
      assertThat(cached.map(p -> p.getFileName().toString()))
          .as("the class data sharing archive the first run records as it stops")
          .anyMatch(n -> n.matches("agent-\\d+\\.jsa"));
    }
    assertThat(processesOf("devstreams-device")).isEmpty();
  }

  /**
   * Checks the unit's sandbox against what the agent really does, since no systemd runs here to
   * enforce it: under strace, through a connection, a stream and a SIGTERM, every system call it
   * makes is one SystemCallFilter= allows, every socket is of a family RestrictAddressFamilies=
   * allows, and it opens no file for writing but its cache (ProtectSystem=strict), /dev/null and
   * its own /proc entries.
   */
  @Test
  void agentStaysInsideTheUnitsSandbox() throws Exception {
    install();
    configure("pkg-sandbox", "service = echo=127.0.0.1:" + echo.port());
    Path trace = dir.resolve("sandbox.strace");
    SystemdUnit unit = SystemdUnit.read(UNIT);
    try (ServiceRun agent =
        ServiceRun.start(
            UNIT,
            dir.resolve("agent-sandbox.log"),
            List.of("strace", "-f", "-qq", "-o", trace.toString()))) {
      agent.process().await("connected to", UP);
      try (ManagedProcess forward =
              ManagedProcess.start(
                  dir.resolve("forward-sandbox.log"),
                  Cli.ownerEnv(hub),
                  "devstreams",
                  List.of("forward", "pkg-sandbox", "echo", "--local-port", "0"));
          Socket stream =
              new Socket(InetAddress.getLoopbackAddress(), forward.awaitForwardPort())) {
        stream.setSoTimeout(60_000);
        stream.getOutputStream().write(new byte[] {1, 2, 3});
        assertThat(stream.getInputStream().readNBytes(3)).containsExactly(1, 2, 3);
      }
      ProcessHandle java =
          agent
              .process()
              .process()
              .descendants()
              .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no java process under strace"));
      Commands.run(Duration.ofSeconds(10), "kill", "-TERM", Long.toString(java.pid()));
      assertThat(agent.process().awaitExit(UP)).isZero();
    }

    List<String> calls = Files.readAllLines(trace);
    java.util.Set<String> allowed = new java.util.HashSet<>();
    for (String filter : unit.all("Service", "SystemCallFilter")) {
      for (String name : filter.split("\\s+")) {
        allowed.addAll(SyscallGroups.expand(name));
      }
    }
    assertThat(allowed).as("@system-service's calls").contains("read", "connect", "mmap");
    assertThat(
            calls.stream()
                .map(l -> l.replaceFirst("^\\d+\\s+", ""))
                .filter(l -> l.matches("^[a-z_0-9]+\\(.*"))
                .map(l -> l.substring(0, l.indexOf('(')))
                .distinct())
        .as("system calls outside SystemCallFilter=")
        .isNotEmpty()
        .allMatch(allowed::contains);
    List<String> families = List.of(unit.one("Service", "RestrictAddressFamilies").split(" "));
    assertThat(
            calls.stream()
                .map(l -> java.util.regex.Pattern.compile("socket\\((AF_[A-Z0-9]+)").matcher(l))
                .filter(java.util.regex.Matcher::find)
                .map(m -> m.group(1))
                .distinct())
        .as("socket families outside RestrictAddressFamilies=")
        .contains("AF_INET")
        .allMatch(families::contains);
    assertThat(
            calls.stream()
                .filter(
                    l ->
                        l.matches(".*open(at)?\\(.*O_(WRONLY|RDWR|CREAT).*")
                            && !l.contains("ENOENT"))
                .map(l -> l.replaceFirst(".*?\"([^\"]+)\".*", "$1")))
        .as("files opened for writing (ProtectSystem=strict)")
        .allMatch(
            f ->
                f.startsWith("/var/cache/" + unit.one("Service", "CacheDirectory") + "/")
                    || f.equals("/dev/null")
                    || f.startsWith("/proc/self/"));
  }

  @Test
  void missingConnectionStringIsOneLineAndNotRestarted() throws Exception {
    install();
    configure("pkg-missing", "service = echo=127.0.0.1:" + echo.port());
    Files.delete(SECRET);
    try (ServiceRun agent = ServiceRun.start(UNIT, dir.resolve("agent-missing.log"))) {
      int exit = agent.process().awaitExit(UP);

      assertThat(agent.process().awaitOutputEnd(UP))
          .containsExactly(
              "devstreams-device: no connection string: put the device's connection string in"
                  + " /etc/devstreams/device.connection-string (owner root, mode 0600), then run"
                  + " 'systemctl restart devstreams-device'");
      assertThat(exit).isEqualTo(2);
      assertThat(agent.unit().one("Service", "RestartPreventExitStatus").split(" ")).contains("2");
    }
  }

  @Test
  void badConfigurationLineIsNamedWithoutAStackTrace() throws Exception {
    install();
    configure("pkg-badconf", "servce = echo=127.0.0.1:" + echo.port());
    try (ServiceRun agent = ServiceRun.start(UNIT, dir.resolve("agent-badconf.log"))) {
      int exit = agent.process().awaitExit(UP);

      assertThat(agent.process().awaitOutputEnd(UP))
          .containsExactly(
              "devstreams-device: config file '/etc/devstreams/device.conf' line 1: unknown option"
                  + " 'servce' (options: service, trust-cert, proxy, connection-string-file, cert,"
                  + " key)",
              "devstreams-device: run 'devstreams-device --help' for usage");
      assertThat(exit).isEqualTo(2);
    }
  }

  @Test
  void removeKeepsTheConfigurationAndPurgeLeavesNothingBehind() throws Exception {
    install();
    configure("pkg-purge", "service = echo=127.0.0.1:" + echo.port());
    String uid = Commands.run(Duration.ofSeconds(10), "id", "-u", PACKAGE).output().strip();

    Commands.Result removed = Commands.run(Duration.ofMinutes(2), "dpkg", "--remove", PACKAGE);
    assertThat(removed.exitCode()).as(removed.output()).isZero();
    assertThat(Path.of("/usr/bin/devstreams-device")).doesNotExist();
    assertThat(UNIT).doesNotExist();
    assertThat(ETC.resolve("device.conf")).exists();
    assertThat(processesOf(PACKAGE)).isEmpty();

    Commands.Result purged = Commands.run(Duration.ofMinutes(2), "dpkg", "--purge", PACKAGE);
    assertThat(purged.exitCode()).as(purged.output()).isZero();
    assertThat(ETC).doesNotExist();
    assertThat(Commands.run(Duration.ofSeconds(10), "getent", "passwd", PACKAGE).exitCode())
        .as("the user is gone")
        .isEqualTo(2);
    assertThat(Commands.run(Duration.ofSeconds(10), "getent", "group", PACKAGE).exitCode())
        .as("the group is gone")
        .isEqualTo(2);
    Commands.Result owned =
        Commands.run(
            Duration.ofMinutes(2),
            "find",
            "/etc",
            "/var",
            "/run",
            "/tmp",
            "/usr",
            "/lib",
            "-xdev",
            "-uid",
            uid);
    assertThat(owned.output()).as("files the agent's user still owns").isEmpty();
  }

  /** Installs the package as an administrator would, with its dependencies, if it is not yet. */
  private static void install() {
    if (Commands.run(Duration.ofSeconds(30), "dpkg", "-s", PACKAGE)
        .output()
        .contains("Status: install ok installed")) {
      return;
    }
    Commands.Result installed =
        Commands.run(
            Duration.ofMinutes(5),
            Map.of("DEBIAN_FRONTEND", "noninteractive"),
            "apt-get",
            "install",
            "-y",
            "-q",
            "--no-install-recommends",
            deb.toString());
    assertThat(installed.exitCode()).as(installed.output()).isZero();
    assertThat(Commands.run(Duration.ofSeconds(10), "getent", "passwd", PACKAGE).output())
        .as("the agent's system user")
        .contains(":/nonexistent:/usr/sbin/nologin");
    assertThat(ETC.resolve("device.conf")).exists();
  }

  /**
   * Creates device {@code deviceId}, and writes its connection string (root's, 0600), the hub's
   * certificate and a device.conf with {@code serviceLine} as the documentation says to.
   */
  private static void configure(String deviceId, String serviceLine) throws IOException {
    Cli.Result created = Cli.run(Cli.ownerEnv(hub), "device", "create", deviceId);
    assertThat(created.exitCode()).as(created.toString()).isZero();
    Files.deleteIfExists(SECRET);
    Files.createFile(
        SECRET, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(SECRET, created.stdout());
    Files.copy(
        hub.trustCert(),
        ETC.resolve("hub-cert.pem"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.setPosixFilePermissions(
        ETC.resolve("hub-cert.pem"), PosixFilePermissions.fromString("rw-r--r--"));
    Files.writeString(
        ETC.resolve("device.conf"), serviceLine + "\ntrust-cert = /etc/devstreams/hub-cert.pem\n");
  }

  private static List<ProcessHandle> processesOf(String user) {
    try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
      return all.filter(p -> p.info().user().map(user::equals).orElse(false)).toList();
    }
  }

  private static long seconds(String systemdTime) {
    assertThat(systemdTime).matches("\\d+s");
    return Long.parseLong(systemdTime.substring(0, systemdTime.length() - 1));
  }

  private static Path packageFile() throws IOException {
    Path target = HubProcess.repoRoot().resolve("device-deb/target");
    try (Stream<Path> files = Files.list(target)) {
      List<Path> debs =
          files
              .filter(f -> f.getFileName().toString().matches("devstreams-device_.*_all\\.deb"))
              .toList();
      assertThat(debs).as("the package built by 'mvn package' in " + target).hasSize(1);
      return debs.get(0);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new AssertionError("no " + target + ": build the package with 'mvn package' first", e);
    }
  }
}
