package io.devstreams.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private OpenSSH server on a loopback port, with its own host key, client key and config: the
 * "service on the device" of the SSH tests. It never touches the machine's own sshd.
 */
final class Sshd implements AutoCloseable {
  private final Path dir;
  private final int port;
  private final Process process;

  private Sshd(Path dir, int port, Process process) {
    this.dir = dir;
    this.port = port;
    this.process = process;
  }

  static Sshd start(Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    run(
        List.of(
            "ssh-keygen",
            "-q",
            "-t",
            "ed25519",
            "-N",
            "",
            "-f",
            dir.resolve("host_key").toString()));
    run(
        List.of(
            "ssh-keygen",
            "-q",
            "-t",
            "ed25519",
            "-N",
            "",
            "-f",
            dir.resolve("client_key").toString()));
    Files.copy(dir.resolve("client_key.pub"), dir.resolve("authorized_keys"));
    Files.createDirectories(Path.of("/run/sshd"));
    int port = HubProcess.freePort();
    Files.writeString(
        dir.resolve("sshd_config"),
        String.join(
            "\n",
            "Port " + port,
            "ListenAddress 127.0.0.1",
            "HostKey " + dir.resolve("host_key"),
            "PidFile " + dir.resolve("sshd.pid"),
            "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "UsePAM no",
            "StrictModes no",
            "PermitRootLogin prohibit-password",
            "MaxStartups 100",
            "MaxSessions 100",
            "Subsystem sftp internal-sftp",
            ""));
    Process p =
        new ProcessBuilder(
                "/usr/sbin/sshd", "-D", "-e", "-f", dir.resolve("sshd_config").toString())
            .redirectErrorStream(true)
            .start();
    new ProcessOutput(p.getInputStream(), dir.resolve("sshd.log"))
        .await(l -> l.contains("Server listening on"), Duration.ofSeconds(30), "sshd listening");
    return new Sshd(dir, port, p);
  }

  int port() {
    return port;
  }

  /** Options every ssh/scp of the tests uses: our key, no host-key prompts, no user config. */
  List<String> clientOptions() {
    return List.of(
        "-F", "/dev/null",
        "-i", dir.resolve("client_key").toString(),
        "-o", "StrictHostKeyChecking=no",
        "-o", "UserKnownHostsFile=/dev/null",
        "-o", "BatchMode=yes",
        "-o", "LogLevel=ERROR",
        "-o", "ConnectTimeout=60");
  }

  private static void run(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new AssertionError(String.join(" ", cmd) + " failed: " + out);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
