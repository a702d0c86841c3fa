package io.devstreams.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real OpenSSH through a device stream: {@code ssh -o ProxyCommand='bin/devstreams stdio dev1 ssh'}
 * to a private sshd behind the device agent, {@code scp} of 100 MiB each way, and 20 concurrent
 * sessions through one {@code forward} port.
 */
class SshThroughStreamIT {
  private static final Duration UP = Duration.ofSeconds(90);
  private static Path dir;
  private static HubProcess hub;
  private static Sshd sshd;
  private static ManagedProcess agent;
  private static String user;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory(Path.of("target"), "ssh-").toAbsolutePath();
    hub = HubProcess.start(dir.resolve("hub"));
    sshd = Sshd.start(dir.resolve("sshd"));
    user = System.getProperty("user.name");
    Cli.Result created = Cli.run(Cli.ownerEnv(hub), "device", "create", "dev1");
    assertThat(created.exitCode()).as(created.toString()).isZero();
    agent =
        ManagedProcess.start(
            dir.resolve("agent.log"),
            Map.of(
                "DEVSTREAMS_DEVICE_CONNECTION_STRING", created.stdout().trim(),
                "DEVSTREAMS_TRUST_CERT", hub.trustCert().toString()),
            "devstreams-device",
            List.of("--service", "ssh=127.0.0.1:" + sshd.port()));
    agent.await("connected to", UP);
  }

  @AfterAll
  static void stop() {
    Closeables.closeAll(agent, sshd, hub);
  }

  @Test
  void remoteCommandsExitStatusComesBackThroughTheStream() throws Exception {
    Run r = ssh(List.of("echo hello-from-device; exit 7"));
    assertThat(r.exit).as(r.err).isEqualTo(7);
    assertThat(r.out).contains("hello-from-device");
  }

  @Test
  void scpOf100MiBEachWayKeepsTheChecksum() throws Exception {
    Path local = dir.resolve("up.bin");
    writeRandom(local, 100L << 20, 42);
    Path remote = dir.resolve("remote.bin");
    Run up = scp(local.toString(), user + "@dev1:" + remote);
    assertThat(up.exit).as(up.err).isZero();
    assertThat(sha256(remote)).isEqualTo(sha256(local));
    Path back = dir.resolve("down.bin");
    Run down = scp(user + "@dev1:" + remote, back.toString());
    assertThat(down.exit).as(down.err).isZero();
    assertThat(sha256(back)).isEqualTo(sha256(local));
  }

  @Test
  void twentyConcurrentSessionsThroughOneForwardPortAllSucceed() throws Exception {
    try (ManagedProcess forward =
        ManagedProcess.start(
            dir.resolve("forward.log"),
            Cli.ownerEnv(hub),
            "devstreams",
            List.of("forward", "dev1", "ssh", "--local-port", "0"))) {
      Matcher m =
          Pattern.compile("127\\.0\\.0\\.1:(\\d+)").matcher(forward.await("forwarding", UP));
      assertThat(m.find()).isTrue();
      String port = m.group(1);
      ExecutorService pool = Executors.newFixedThreadPool(20);
      try {
        List<CompletableFuture<Run>> runs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          List<String> cmd = new ArrayList<>(List.of("ssh"));
          cmd.addAll(sshd.clientOptions());
          cmd.addAll(List.of("-p", port, user + "@127.0.0.1", "echo session-" + i));
          runs.add(CompletableFuture.supplyAsync(() -> run(cmd), pool));
        }
        for (int i = 0; i < 20; i++) {
          Run r = runs.get(i).get(240, TimeUnit.SECONDS);
          assertThat(r.exit).as(r.err).isZero();
          assertThat(r.out.trim()).isEqualTo("session-" + i);
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  /**
   * The default ProxyCommand path reaches a background master without a JVM of its own; the JVM
   * path (DEVSTREAMS_NO_MASTER) and protocol v1 (DEVSTREAMS_PROTOCOL=1, a WebSocket per stream)
   * carry ssh as well.
   */
  @Test
  void sshAlsoWorksThroughTheJvmPathAndThroughProtocolOne() throws Exception {
    for (Map<String, String> extra :
        List.of(Map.of("DEVSTREAMS_NO_MASTER", "1"), Map.of("DEVSTREAMS_PROTOCOL", "1"))) {
      Run r = run(sshCommand(List.of("echo via " + extra.keySet())), extra);
      assertThat(r.exit).as(extra + ": " + r.err).isZero();
      assertThat(r.out).contains("via " + extra.keySet());
    }
  }

  /**
   * When its standard input and output are pipes, as ssh gives a ProxyCommand, {@code stdio} hands
   * them to the master, which reads and writes them itself: while the stream runs, the script has
   * started no {@code cat} (it once moved every byte through two, and a loopback connection each).
   */
  @Test
  void theMasterReadsAndWritesTheStdioPipesItself() {
    try (StdioSession stdio = StdioSession.start(Cli.ownerEnv(hub), "dev1", "ssh")) {
      stdio.awaitOutput("SSH-2.0-", UP); // the device's sshd greets through the stream
      assertThat(stdio.descendantCommands())
          .as("processes of the stdio script while its stream runs")
          .noneMatch(command -> command.endsWith("/cat"));
      stdio.sendAndClose("SSH-2.0-probe\r\n".getBytes(StandardCharsets.US_ASCII));
      stdio.awaitExit(UP);
      assertThat(new String(stdio.stdout(), StandardCharsets.US_ASCII)).startsWith("SSH-2.0-");
    }
  }

  /**
   * {@code device list} and {@code device show} need no JVM once a master runs: the first listing
   * (the JVM path) starts one in the background; with no java on PATH the master then answers them,
   * exit code and error line included.
   */
  @Test
  void deviceListAndShowAreAnsweredByTheMasterWithoutAJvm() throws Exception {
    Path runtime =
        Files.createDirectories(
            dir.resolve("runtime"),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Map<String, String> env = Map.of("XDG_RUNTIME_DIR", runtime.toString());

    Run first = run(devstreams("device", "list"), env);
    assertThat(first.exit).as(first.err).isZero();
    assertThat(first.out).startsWith("DEVICE ID").contains("dev1 ");
    try (Stream<Path> files = Files.list(runtime.resolve("devstreams"))) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .as("the listing started a master (its state file or its start lock)")
          .anyMatch(name -> name.startsWith("master-") && !name.endsWith(".log"));
    }
    Run ssh = run(sshCommand(List.of("true")), env); // waits for the master, if still starting
    assertThat(ssh.exit).as(ssh.err).isZero();

    Map<String, String> noJava = new HashMap<>(env);
    noJava.put("PATH", toolsWithoutJava().toString());
    Run list = run(devstreams("device", "list"), noJava);
    Run show = run(devstreams("device", "show", "dev1", "--json"), noJava);
    Run missing = run(devstreams("device", "show", "nosuch"), noJava);

    assertThat(list.exit).as(list.err).isZero();
    assertThat(list.out).startsWith("DEVICE ID").contains("dev1 ");
    assertThat(show.exit).as(show.err).isZero();
    assertThat(show.out).startsWith("{\n").contains("\"deviceId\": \"dev1\"");
    assertThat(missing.exit).isEqualTo(1);
    assertThat(missing.err).isEqualTo("devstreams: no device 'nosuch'\n");
  }

  private static List<String> devstreams(String... args) {
    List<String> cmd =
        new ArrayList<>(List.of(HubProcess.repoRoot().resolve("bin/devstreams").toString()));
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** A PATH with what the script needs to reach a master, and no java. */
  private static Path toolsWithoutJava() throws IOException {
    Path bin = Files.createDirectories(dir.resolve("no-java-bin"));
    for (String tool : List.of("env", "bash", "dirname", "cksum", "cat")) {
      Path link = bin.resolve(tool);
      if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
        Files.createSymbolicLink(link, Path.of("/usr/bin", tool));
      }
    }
    return bin;
  }

  private static Run ssh(List<String> remoteCommand) {
    return run(sshCommand(remoteCommand));
  }

  private static List<String> sshCommand(List<String> remoteCommand) {
    List<String> cmd = new ArrayList<>(List.of("ssh"));
    cmd.addAll(sshd.clientOptions());
    cmd.addAll(List.of("-o", "ProxyCommand=" + proxyCommand(), user + "@dev1"));
    cmd.addAll(remoteCommand);
    return cmd;
  }

  private static Run scp(String from, String to) {
    List<String> cmd = new ArrayList<>(List.of("scp", "-q"));
    cmd.addAll(sshd.clientOptions());
    cmd.addAll(List.of("-o", "ProxyCommand=" + proxyCommand(), from, to));
    return run(cmd);
  }

  private static String proxyCommand() {
    return HubProcess.repoRoot().resolve("bin/devstreams") + " stdio dev1 ssh";
  }

  private record Run(int exit, String out, String err) {}

  private static Run run(List<String> cmd) {
    return run(cmd, Map.of());
  }

  private static Run run(List<String> cmd, Map<String, String> extraEnv) {
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().putAll(Cli.ownerEnv(hub));
    pb.environment().putAll(extraEnv);
    try {
      Process p = pb.start();
      p.getOutputStream().close();
      CompletableFuture<String> err =
          CompletableFuture.supplyAsync(() -> read(p.getErrorStream()), READER);
      String out = read(p.getInputStream());
      if (!p.waitFor(10, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new AssertionError(String.join(" ", cmd) + " did not exit");
      }
      return new Run(p.exitValue(), out, err.join());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static final ExecutorService READER =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "ssh-stderr");
            t.setDaemon(true);
            return t;
          });

  private static String read(InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void writeRandom(Path file, long size, long seed) throws IOException {
    Random random = new Random(seed);
    byte[] buf = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long done = 0; done < size; done += buf.length) {
        random.nextBytes(buf);
        out.write(buf, 0, (int) Math.min(buf.length, size - done));
      }
    }
  }

  private static String sha256(Path file) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
