package io.devstreams.bench;

import io.devstreams.protocol.ConnectionString;
import io.devstreams.service.ClientOptions;
import io.devstreams.service.Device;
import io.devstreams.service.HubConnection;
import io.devstreams.service.RegistryClient;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Case 7 (issue 13): cold start as users meet it. Real {@code ssh USER@HOST true}, repeated, and
 * {@code scp} of a file each way (the median of as many rounds as case 1 has, each round through
 * every route in turn), through {@code ProxyCommand 'bin/devstreams stdio DEVICE ssh'} (the
 * device's agent offers the bench's private sshd as service {@code ssh}), next to direct ssh to
 * that sshd and to an OpenSSH jump host in front of it ({@code ProxyCommand 'ssh -W %h:%p JUMP'},
 * the same sshd), all in one run and interleaved. The first devstreams run starts the background
 * {@code devstreams master} (its state under the bench's own XDG_RUNTIME_DIR), so it is reported
 * apart; the other runs reuse it. Also the stdio JVM paths: v1 ({@code DEVSTREAMS_PROTOCOL=1}, what
 * users had before v2) and v2 without the master ({@code DEVSTREAMS_NO_MASTER=1}). Last, {@code
 * bin/devstreams device list}, each run a new process: answered by the master, and in a JVM of its
 * own.
 */
final class ColdCase {

  /** The ways ssh reaches the sshd, in the order each round runs them. */
  private enum Way {
    DIRECT("direct", "direct ssh"),
    JUMP("openssh", "OpenSSH jump host (ProxyCommand ssh -W)"),
    MASTER(Route.TUNNEL, "ProxyCommand devstreams stdio (v2, master)"),
    JVM("jvm", "ProxyCommand devstreams stdio, JVM path (v2, DEVSTREAMS_NO_MASTER=1)"),
    V1(Route.V1, "ProxyCommand devstreams stdio, JVM path, --protocol 1");

    final String column;
    final String label;

    Way(String column, String label) {
      this.column = column;
      this.label = label;
    }
  }

  /** Devices the registry holds when {@code device list} is timed. */
  private static final int LISTED_DEVICES = 5;

  private static final long TIMEOUT_SECONDS = 120;

  private final Run run;
  private final Settings settings;

  ColdCase(Run run) {
    this.run = run;
    this.settings = run.settings;
  }

  void run() throws InterruptedException {
    String port = run.endpoints.getProperty("cold.ssh.port");
    Path scratch;
    try {
      scratch = Files.createTempDirectory("devstreams-bench-cold");
    } catch (IOException e) {
      run.problem("cold: no scratch directory: " + e);
      return;
    }
    try {
      if (port == null) {
        run.log("cold       ssh and scp skipped: no OpenSSH (%s)", info());
      } else {
        ssh(scratch);
        scp(scratch);
      }
      deviceList(scratch);
    } finally {
      deleteTree(scratch);
    }
  }

  private String info() {
    return run.endpoints.getProperty("info.openssh", "not installed");
  }

  // ssh USER@HOST true

  private void ssh(Path scratch) throws InterruptedException {
    Map<Way, long[]> nanos = new LinkedHashMap<>();
    for (Way way : Way.values()) {
      nanos.put(way, new long[settings.sshRuns()]);
    }
    for (int i = 0; i < settings.sshRuns(); i++) {
      for (Way way : Way.values()) {
        List<String> argv = new ArrayList<>(sshCommand("ssh", way));
        argv.add(user() + "@" + host(way));
        argv.add("true");
        Command.Result r = runOne(new Command(argv, environment(way)), scratch);
        if (!r.succeeded()) {
          run.problem("cold: ssh via " + way.label + " (run " + (i + 1) + "): " + r.why());
          return;
        }
        nanos.get(way)[i] = r.nanos();
      }
    }
    if (!masterRuns()) {
      run.problem(
          "cold: no devstreams master state file under XDG_RUNTIME_DIR: the ssh runs did not take"
              + " the master path");
    }
    Map<String, Object> json = new LinkedHashMap<>();
    Map<Way, Double> first = new LinkedHashMap<>();
    Map<Way, Double> warm = new LinkedHashMap<>();
    for (Way way : Way.values()) {
      long[] all = nanos.get(way);
      first.put(way, all[0] / 1e6);
      Double median =
          all.length > 1
              ? new Stats(Arrays.copyOfRange(all, 1, all.length)).percentile(50) / 1e6
              : null;
      warm.put(way, median);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("what", way.label);
      m.put("runsMs", Arrays.stream(all).mapToDouble(n -> n / 1e6).boxed().toList());
      m.put("firstMs", first.get(way));
      m.put("medianOfTheOthersMs", median);
      json.put(way.column, m);
      run.log(
          "cold       ssh true  %-62s first %7.0f ms, then median %7.0f ms",
          way.label, first.get(way), median == null ? 0.0 : median);
    }
    run.details.put("coldSsh", json);
    Double direct = warm.get(Way.DIRECT);
    for (Way way : List.of(Way.MASTER, Way.V1, Way.JUMP)) {
      Double w = warm.get(way);
      run.figure(
          TargetsCase.SSH_ADDED_MS, way.column, w == null || direct == null ? null : w - direct);
    }
    run.report.issueCase(7);
    String jvm =
        String.format(
            Locale.ROOT,
            "v2 JVM path (no master): first %.0f ms, then %.0f ms",
            first.get(Way.JVM),
            warm.get(Way.JVM) == null ? 0.0 : warm.get(Way.JVM));
    sshRow(
        "ssh USER@HOST true, first run (devstreams: starts the master)",
        first,
        "v1 and the JVM path: a new JVM each run; " + jvm);
    if (settings.sshRuns() > 1) {
      sshRow("ssh USER@HOST true, median of runs 2-" + settings.sshRuns(), warm, null);
      Map<Way, Double> added = new LinkedHashMap<>();
      for (Way way : Way.values()) {
        Double w = warm.get(way);
        added.put(way, w == null || direct == null ? null : w - direct);
      }
      added.put(Way.DIRECT, null);
      sshRow(
          "ssh: time added per connection over direct ssh (medians)",
          added,
          "openssh: the jump host");
      Double master = added.get(Way.MASTER);
      Double jump = added.get(Way.JUMP);
      run.report.target(
          "≤ jump host (openssh)", master == null || jump == null ? null : master <= jump);
    }
  }

  private void sshRow(String name, Map<Way, Double> values, String note) {
    run.report.addNoted(
        name,
        "ms",
        false,
        values.get(Way.MASTER),
        note,
        Route.V1,
        values.get(Way.V1),
        "direct",
        values.get(Way.DIRECT),
        "openssh",
        values.get(Way.JUMP));
  }

  /** Whether a master published its state under XDG_RUNTIME_DIR (bin/devstreams-bench sets it). */
  private static boolean masterRuns() {
    String runtime = System.getenv("XDG_RUNTIME_DIR");
    if (runtime == null) {
      return true; // not run by bin/devstreams-bench: nothing to check
    }
    try (var files = Files.list(Path.of(runtime, "devstreams"))) {
      return files.anyMatch(
          f ->
              f.getFileName().toString().startsWith("master-")
                  && !f.getFileName().toString().contains("."));
    } catch (IOException e) {
      return false;
    }
  }

  // scp, both ways

  private void scp(Path scratch) throws InterruptedException {
    long size = settings.scpBytes();
    Path local = scratch.resolve("scp-source");
    int crc = DataPattern.shared().crc(size);
    try {
      writePattern(local, size);
    } catch (IOException e) {
      run.problem("cold: cannot write the scp file: " + e);
      return;
    }
    Map<String, Object> json = new LinkedHashMap<>();
    List<Way> ways = List.of(Way.DIRECT, Way.JUMP, Way.MASTER, Way.V1);
    Map<Way, List<Double>> ups = new LinkedHashMap<>();
    Map<Way, List<Double>> downs = new LinkedHashMap<>();
    for (Way way : ways) {
      ups.put(way, new ArrayList<>());
      downs.put(way, new ArrayList<>());
    }
    // Rounds go through every route in turn, so that a busy moment of the machine is shared.
    int rounds = settings.rounds();
    for (int round = 1; round <= rounds; round++) {
      for (Way way : ways) {
        Path remote = scratch.resolve("scp-up-" + way.column);
        Path back = scratch.resolve("scp-down-" + way.column);
        Double up =
            copy(
                way,
                local.toString(),
                user() + "@" + host(way) + ":" + remote,
                remote,
                crc,
                scratch);
        Double down =
            copy(way, user() + "@" + host(way) + ":" + local, back.toString(), back, crc, scratch);
        if (up != null) {
          ups.get(way).add(up);
        }
        if (down != null) {
          downs.get(way).add(down);
        }
        run.log(
            "cold       scp %s  %-48s round %d/%d  up %6.1f MB/s, down %6.1f MB/s",
            Run.sizeLabel(size),
            way.label,
            round,
            rounds,
            up == null ? 0.0 : up,
            down == null ? 0.0 : down);
      }
    }
    Map<Way, Double> up = new LinkedHashMap<>();
    Map<Way, Double> down = new LinkedHashMap<>();
    for (Way way : ways) {
      up.put(way, ups.get(way).isEmpty() ? null : Stats.median(ups.get(way)));
      down.put(way, downs.get(way).isEmpty() ? null : Stats.median(downs.get(way)));
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("what", way.label);
      m.put("uploadMBps", up.get(way));
      m.put("downloadMBps", down.get(way));
      m.put("uploadRoundsMBps", ups.get(way));
      m.put("downloadRoundsMBps", downs.get(way));
      json.put(way.column, m);
    }
    json.put("bytes", size);
    run.details.put("coldScp", json);
    run.report.issueCase(7);
    for (boolean upload : new boolean[] {true, false}) {
      Map<Way, Double> rates = upload ? up : down;
      for (Way way : ways) {
        run.figure(upload ? TargetsCase.SCP_UP : TargetsCase.SCP_DOWN, way.column, rates.get(way));
      }
      run.report.addNoted(
          "scp "
              + Run.sizeLabel(size)
              + (upload ? " upload" : " download")
              + (rounds > 1 ? ", median of " + rounds : ", one run")
              + ", verified",
          "MB/s",
          true,
          rates.get(Way.MASTER),
          "openssh: through the jump host",
          Route.V1,
          rates.get(Way.V1),
          "direct",
          rates.get(Way.DIRECT),
          "openssh",
          rates.get(Way.JUMP));
      Double ours = rates.get(Way.MASTER);
      Double jump = rates.get(Way.JUMP);
      run.report.target(
          "≥ jump host (openssh)", ours == null || jump == null ? null : ours >= jump);
    }
  }

  /** Copies with scp, checks the copy, deletes it; MB/s, or null if it failed. */
  private Double copy(Way way, String from, String to, Path copy, int crc, Path scratch)
      throws InterruptedException {
    List<String> argv = new ArrayList<>(sshCommand("scp", way));
    argv.add(from);
    argv.add(to);
    try {
      Command.Result r = runOne(new Command(argv, environment(way)), scratch);
      if (!r.succeeded()) {
        run.problem("cold: scp via " + way.label + ": " + r.why());
        return null;
      }
      long size = settings.scpBytes();
      if (Files.size(copy) != size || crc(copy) != crc) {
        run.problem("cold: scp via " + way.label + ": the copy differs from the original");
        return null;
      }
      return size / (r.nanos() / 1e9) / 1e6;
    } catch (IOException e) {
      run.problem("cold: scp via " + way.label + ": " + e);
      return null;
    } finally {
      try {
        Files.deleteIfExists(copy);
      } catch (IOException e) {
        // the scratch directory goes at the end anyway
      }
    }
  }

  // devstreams device list

  private void deviceList(Path scratch) throws InterruptedException {
    int devices;
    try {
      devices = ensureDevices();
    } catch (IOException | RuntimeException e) {
      run.problem("cold: cannot register the devices to list: " + e);
      return;
    }
    String device = run.endpoints.getProperty("device.id");
    // As users run it: through the master the ssh runs left (the JVM path starts one if none
    // runs), and each run in a JVM of its own (DEVSTREAMS_NO_MASTER=1), reported beside it.
    long[] nanos = listRuns(scratch, device, Map.of());
    long[] jvm =
        nanos == null ? null : listRuns(scratch, device, Map.of("DEVSTREAMS_NO_MASTER", "1"));
    if (jvm == null) {
      return;
    }
    double first = nanos[0] / 1e9;
    Double median =
        nanos.length > 1
            ? new Stats(Arrays.copyOfRange(nanos, 1, nanos.length)).percentile(50) / 1e9
            : null;
    double jvmMedian = new Stats(jvm).percentile(50) / 1e9;
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("devices", devices);
    json.put("runsSeconds", Arrays.stream(nanos).mapToDouble(n -> n / 1e9).boxed().toList());
    json.put("jvmRunsSeconds", Arrays.stream(jvm).mapToDouble(n -> n / 1e9).boxed().toList());
    run.details.put("coldDeviceList", json);
    double figure = median == null ? first : median;
    run.figure(TargetsCase.DEVICE_LIST_S, Route.TUNNEL, figure);
    run.log(
        "cold       devstreams device list (%d devices): first %.2f s, then median %.2f s;"
            + " in a JVM of its own (no master) median %.2f s",
        devices, first, median == null ? 0.0 : median, jvmMedian);
    run.report.issueCase(7);
    run.report.addNoted(
        "bin/devstreams device list (" + devices + " devices), a new process each run",
        "s",
        false,
        figure,
        String.format(
            Locale.ROOT,
            "median of runs 2-%d, answered by the master; the first %.2f s",
            nanos.length,
            first));
    run.report.target("< 0.5 s", figure < 0.5);
    run.report.addNoted(
        "bin/devstreams device list, no master (DEVSTREAMS_NO_MASTER=1)",
        "s",
        false,
        jvmMedian,
        "median of " + jvm.length + " runs, each a JVM of its own");
  }

  /**
   * Runs {@code device list} as many times as the settings say; null (a problem noted) on failure.
   */
  private long[] listRuns(Path scratch, String device, Map<String, String> env)
      throws InterruptedException {
    long[] nanos = new long[settings.listRuns()];
    for (int i = 0; i < nanos.length; i++) {
      Command.Result r = runOne(new Command(List.of(devstreams(), "device", "list"), env), scratch);
      if (!r.succeeded() || !r.stdout().contains(device)) {
        run.problem("cold: devstreams device list " + env + ": " + r.why());
        return null;
      }
      nanos[i] = r.nanos();
    }
    return nanos;
  }

  /** Registers devices until the registry holds a handful; returns how many it holds. */
  private int ensureDevices() throws IOException {
    String csFile = run.endpoints.getProperty("service.connection-string-file");
    String cert = run.endpoints.getProperty("trust.cert");
    RegistryClient registry =
        new RegistryClient(
            HubConnection.open(
                ConnectionString.parse(Files.readString(Path.of(csFile)).strip()),
                ClientOptions.defaults().withTrustCertificate(Path.of(cert))));
    List<Device> listed = registry.list();
    for (int i = listed.size(); i < LISTED_DEVICES; i++) {
      registry.create("bench-listed-" + i);
    }
    return Math.max(listed.size(), LISTED_DEVICES);
  }

  // the commands

  private Command.Result runOne(Command command, Path scratch) throws InterruptedException {
    try {
      return command.run(scratch, TIMEOUT_SECONDS);
    } catch (IOException e) {
      return new Command.Result(0, -1, "", e.toString());
    }
  }

  /** {@code ssh} or {@code scp} with the bench's key and options, up to the destination. */
  private List<String> sshCommand(String program, Way way) {
    List<String> argv = new ArrayList<>(List.of(program));
    argv.addAll(commonOptions());
    switch (way) {
      case DIRECT -> argv.addAll(List.of(program.equals("scp") ? "-P" : "-p", sshPort()));
      case JUMP -> {
        List<String> jump = new ArrayList<>(List.of("ssh"));
        jump.addAll(commonOptions());
        jump.addAll(List.of("-p", sshPort(), "-W", "%h:%p", user() + "@127.0.0.1"));
        argv.addAll(List.of("-o", "ProxyCommand=" + Command.shellLine(jump)));
        argv.addAll(List.of(program.equals("scp") ? "-P" : "-p", sshPort()));
      }
      default -> {
        String service = run.endpoints.getProperty("cold.ssh.service", "ssh");
        String device = run.endpoints.getProperty("device.id");
        argv.addAll(
            List.of(
                "-o",
                "ProxyCommand="
                    + Command.shellLine(List.of(devstreams(), "stdio", device, service))));
      }
    }
    if (program.equals("scp")) {
      argv.add("-q");
    }
    return argv;
  }

  private List<String> commonOptions() {
    return List.of(
        "-F",
        "/dev/null",
        "-i",
        run.endpoints.getProperty("cold.ssh.key"),
        "-o",
        "StrictHostKeyChecking=no",
        "-o",
        "UserKnownHostsFile=/dev/null",
        "-o",
        "BatchMode=yes",
        "-o",
        "LogLevel=ERROR");
  }

  /** The environment of each way: which stdio path the launcher takes. */
  private static Map<String, String> environment(Way way) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("DEVSTREAMS_PROTOCOL", way == Way.V1 ? "1" : null);
    env.put("DEVSTREAMS_NO_MASTER", way == Way.JVM ? "1" : null);
    return env;
  }

  private String host(Way way) {
    return way == Way.DIRECT || way == Way.JUMP
        ? "127.0.0.1"
        : run.endpoints.getProperty("device.id");
  }

  private String user() {
    return run.endpoints.getProperty("cold.ssh.user");
  }

  private String sshPort() {
    return run.endpoints.getProperty("cold.ssh.port");
  }

  private String devstreams() {
    return run.endpoints.getProperty("cold.devstreams");
  }

  // files

  private static void writePattern(Path file, long size) throws IOException {
    try (FileChannel out =
        FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      for (long offset = 0; offset < size; ) {
        int n = (int) Math.min(Servers.CHUNK, size - offset);
        ByteBuffer slice = DataPattern.shared().slice(offset, n);
        while (slice.hasRemaining()) {
          out.write(slice);
        }
        offset += n;
      }
    }
  }

  private static int crc(Path file) throws IOException {
    CRC32C crc = new CRC32C();
    try (FileChannel in = FileChannel.open(file)) {
      ByteBuffer buffer = ByteBuffer.allocateDirect(Servers.CHUNK);
      while (in.read(buffer.clear()) >= 0) {
        crc.update(buffer.flip());
      }
    }
    return (int) crc.getValue();
  }

  private static void deleteTree(Path dir) {
    try (var files = Files.walk(dir)) {
      files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory: nothing more to do
    }
  }
}
