package io.devstreams.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operators' download as an operator uses it: the archive {@code mvn package} builds, unpacked
 * outside the checkout, its launcher run with only a Java runtime against a real hub: {@code
 * forward} and {@code stdio} to a device's service, with every byte compared.
 */
class CliArchiveIT {
  private static final Duration UP = Duration.ofSeconds(90);

  private static Path dir;
  private static Path cli;
  private static HubProcess hub;
  private static TcpTargets echo;
  private static ManagedProcess agent;

  @BeforeAll
  static void start() throws IOException {
    Path work = Files.createTempDirectory(Path.of("target"), "cli-archive-").toAbsolutePath();
    dir = Files.createTempDirectory("devstreams-cli-"); // outside the checkout
    Commands.Result unpacked =
        Commands.run(
            Duration.ofMinutes(1),
            "tar",
            "-xzf",
            archive("tar.gz").toString(),
            "-C",
            dir.toString());
    assertThat(unpacked.exitCode()).as(unpacked.output()).isZero();
    try (Stream<Path> top = Files.list(dir)) {
      cli = top.findFirst().orElseThrow().resolve("bin/devstreams");
    }
    hub = HubProcess.start(work.resolve("hub"));
    echo = TcpTargets.echo();
    Cli.Result created = Cli.run(Cli.ownerEnv(hub), "device", "create", "rdp1");
    assertThat(created.exitCode()).as(created.toString()).isZero();
    agent =
        ManagedProcess.agent(
            work.resolve("agent.log"),
            hub,
            created.stdout().trim(),
            List.of("--service", "rdp=127.0.0.1:" + echo.port()));
    agent.await("connected to", UP);
  }

  @AfterAll
  static void stop() throws IOException {
    Closeables.closeAll(agent, echo, hub);
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Test
  void forwardFromTheUnpackedArchiveCarriesEveryByte() throws Exception {
    try (ManagedProcess forward =
            ManagedProcess.start(
                dir.resolve("forward.log"), launch("forward", "rdp1", "rdp", "--local-port", "0"));
        Socket s = new Socket(InetAddress.getLoopbackAddress(), forward.awaitForwardPort())) {
      s.setSoTimeout(60_000);
      byte[] payload = new byte[1024 * 1024];
      new Random(5).nextBytes(payload);
      CompletableFuture<Void> writer =
          CompletableFuture.runAsync(
              () -> {
                try {
                  s.getOutputStream().write(payload);
                  s.shutdownOutput();
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });

      assertThat(s.getInputStream().readAllBytes()).isEqualTo(payload);
      writer.get(60, TimeUnit.SECONDS);
    }
  }

  @Test
  void stdioRecordsItsClassDataArchiveInTheUserCacheAndThenUsesIt() throws Exception {
    byte[] payload = new byte[64 * 1024];
    new Random(6).nextBytes(payload);
    Path in = Files.write(dir.resolve("stdio.in"), payload);
    Path archive = dir.resolve("home/.cache/devstreams/devstreams.jsa");

    assertThat(stdio(in, "first")).isEqualTo(payload);
    assertThat(archive).isNotEmptyFile();
    assertThat(stdio(in, "second")).isEqualTo(payload);
  }

  @Test
  void zipHoldsTheSameFilesWithAWindowsLauncher() throws Exception {
    List<String> tarNames =
        List.of(
            Commands.run(Duration.ofMinutes(1), "tar", "-tzf", archive("tar.gz").toString())
                .output()
                .split("\n"));
    try (ZipFile zip = new ZipFile(archive("zip").toFile())) {
      List<String> zipNames = zip.stream().map(e -> e.getName()).toList();
      assertThat(zipNames)
          .filteredOn(n -> !n.endsWith("/"))
          .containsExactlyInAnyOrderElementsOf(
              tarNames.stream().filter(n -> !n.endsWith("/")).toList())
          .anyMatch(n -> n.endsWith("/bin/devstreams.cmd"))
          .anyMatch(n -> n.endsWith("/lib/devstreams.jar"));
      String cmd =
          new String(
              zip.getInputStream(
                      zip.stream()
                          .filter(e -> e.getName().endsWith("/bin/devstreams.cmd"))
                          .findFirst()
                          .orElseThrow())
                  .readAllBytes(),
              StandardCharsets.US_ASCII);
      assertThat(cmd).contains("\r\n").doesNotContainPattern("[^\r]\n");
      assertThat(cmd).contains("-jar \"%DEVSTREAMS_JAR%\" %*");
    }
  }

  private static byte[] stdio(Path in, String name) throws Exception {
    Path out = dir.resolve("stdio-" + name + ".out");
    Path err = dir.resolve("stdio-" + name + ".err");
    Process p =
        launch("stdio", "rdp1", "rdp")
            .redirectInput(in.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("stdio " + name + " ended").isTrue();
    assertThat(p.exitValue()).as(Files.readString(err)).isZero();
    return Files.readAllBytes(out);
  }

  /** The unpacked launcher with an operator's environment: a home of its own, no checkout. */
  private static ProcessBuilder launch(String... args) throws IOException {
    Path home = Files.createDirectories(dir.resolve("home"));
    ProcessBuilder pb =
        new ProcessBuilder(Stream.concat(Stream.of(cli.toString()), Stream.of(args)).toList());
    pb.directory(dir.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("DEVSTREAMS_") || k.startsWith("XDG_"));
    pb.environment().putAll(Cli.ownerEnv(hub));
    pb.environment().putAll(Map.of("HOME", home.toString()));
    return pb;
  }

  private static Path archive(String extension) throws IOException {
    Path target = HubProcess.repoRoot().resolve("cli-dist/target");
    try (Stream<Path> files = Files.list(target)) {
      List<Path> found =
          files
              .filter(
                  f ->
                      f.getFileName()
                          .toString()
                          .matches("devstreams-cli-.*\\." + extension.replace(".", "\\.")))
              .toList();
      assertThat(found).as("the archive built by 'mvn package' in " + target).hasSize(1);
      return found.get(0);
    }
  }
}
