package io.devstreams.service.cli;

import io.devstreams.protocol.cli.UsageException;
import io.devstreams.protocol.tunnel.StreamResult;
import io.devstreams.protocol.tunnel.TunnelStream;
import io.devstreams.service.StreamOpener;
import io.devstreams.service.StreamTarget;
import io.devstreams.service.StreamTimeouts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code devstreams master}: keeps one v2 connection to the hub open and opens streams on it for
 * other processes on this machine, as OpenSSH's ControlMaster does for ssh. {@code bin/devstreams
 * stdio} (the {@code ssh -o ProxyCommand} path) uses it without starting a JVM of its own, over
 * loopback connections: one asks for the stream, one says how it ended. When the script's standard
 * input and output are pipes (as ssh gives a ProxyCommand) the master opens them itself, through
 * {@code /proc}, and the stream's bytes pass no other process; otherwise the first connection
 * carries the stream's output and another its input (so that its end is a half-close).
 *
 * <p>Requests are lines of text, the first authenticated by a random secret that only the state
 * file (mode 0600, in a directory of mode 0700) holds: {@code OPEN SECRET DEVICE SERVICE
 * CONNECT_TIMEOUT RESPONSE_TIMEOUT} ({@code -} for the hub's default) is answered {@code OK TICKET}
 * or {@code ERR EXIT_CODE MESSAGE}. Then {@code PIPES SECRET TICKET PID IN_FD OUT_FD} is answered
 * {@code PIPED} once the master has opened the process's standard input and output (or {@code
 * UNPIPED REASON}), and later, on the same connection, {@code END EXIT_CODE MESSAGE}; without
 * pipes, {@code SEND SECRET TICKET} carries the input and {@code WAIT SECRET TICKET} waits for the
 * end. The master stops once it has carried no stream for its idle time, removing its state file.
 *
 * <p>{@code RUN SECRET ARG...} runs a one-request command ({@code device list}, {@code device show
 * ID}) on the master's warm JVM and hub connection, so that {@code bin/devstreams} answers it
 * without a JVM of its own: the answer is {@code OK EXIT_CODE N}, then the command's standard error
 * in N lines, then its standard output until the connection ends.
 */
final class StreamMaster implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(StreamMaster.class.getName());
  private static final int MAX_LINE = 1024;
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private final StreamOpener opener;
  private final java.util.function.BooleanSupplier connected;
  private final Commands commands;
  private final Path stateFile;
  private final Duration idle;
  private final ServerSocket server;
  private final byte[] secret = new byte[32];
  private final String secretHex;
  private final Map<String, LocalSide> waitingForInput = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<Socket>> waitingForStatus = new ConcurrentHashMap<>();
  private final AtomicInteger streams = new AtomicInteger();
  private final AtomicBoolean warmUpStarted = new AtomicBoolean();
  private final SecureRandom random = new SecureRandom();
  private volatile long lastUse = System.nanoTime();
  private volatile boolean closed;

  private StreamMaster(
      StreamOpener opener,
      java.util.function.BooleanSupplier connected,
      Commands commands,
      Path stateFile,
      Duration idle)
      throws IOException {
    this.opener = opener;
    this.connected = connected;
    this.commands = commands;
    this.stateFile = stateFile;
    this.idle = idle;
    random.nextBytes(secret);
    this.secretHex = HexFormat.of().formatHex(secret);
    this.server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
  }

  /**
   * Listens on a loopback port and writes {@code PORT SECRET} to {@code stateFile} (mode 0600),
   * then serves until idle for {@code idle}, or until its connection to the hub is lost while it
   * carries no stream (the next {@code stdio} then starts a master afresh). {@code commands} runs
   * the command lines of {@code RUN} requests.
   */
  static StreamMaster start(
      StreamOpener opener,
      java.util.function.BooleanSupplier connected,
      Commands commands,
      Path stateFile,
      Duration idle)
      throws IOException {
    StreamMaster master = new StreamMaster(opener, connected, commands, stateFile, idle);
    master.publish();
    return master;
  }

  /** Serves requests until the master is idle for its idle time or closed. */
  void serve() {
    Thread watchdog = new Thread(this::watchIdle, "devstreams-master-idle");
    watchdog.setDaemon(true);
    watchdog.start();
    while (!closed) {
      Socket socket;
      try {
        socket = server.accept();
      } catch (IOException e) {
        break;
      }
      lastUse = System.nanoTime();
      Thread t = new Thread(() -> handle(socket), "devstreams-master-request");
      t.setDaemon(true);
      t.start();
    }
    close();
  }

  @Override
  public void close() {
    closed = true;
    try {
      Files.deleteIfExists(stateFile);
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "cannot remove {0}: {1}", stateFile, e.toString());
    }
    try {
      server.close();
    } catch (IOException e) {
      // stopping anyway
    }
    opener.close();
  }

  private void publish() throws IOException {
    Path dir = stateFile.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = dir.resolve(stateFile.getFileName() + ".tmp" + ProcessHandle.current().pid());
    Files.writeString(
        tmp, server.getLocalPort() + " " + secretHex + "\n", StandardCharsets.US_ASCII);
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
    try {
      Files.move(
          tmp, stateFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, stateFile, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private void watchIdle() {
    while (!closed) {
      long quiet = System.nanoTime() - lastUse;
      if (streams.get() == 0 && quiet > idle.toNanos()) {
        LOG.log(Level.INFO, "no stream for {0} s: the master stops", idle.toSeconds());
        close();
        return;
      }
      if (streams.get() == 0 && !connected.getAsBoolean()) {
        LOG.log(Level.INFO, "the connection to the hub is lost: the master stops");
        close();
        return;
      }
      try {
        TimeUnit.SECONDS.sleep(1); // a watchdog's period, not a wait for an event
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void handle(Socket socket) {
    try {
      socket.setTcpNoDelay(true);
      socket.setSoTimeout((int) REQUEST_TIMEOUT.toMillis());
      String[] request = readLine(socket.getInputStream()).split(" ");
      if (request.length < 3 || !authentic(request[1])) {
        socket.close();
        return;
      }
      socket.setSoTimeout(0);
      switch (request[0]) {
        case "OPEN" -> open(socket, request);
        case "SEND" -> send(socket, request[2]);
        case "WAIT" -> waitFor(socket, request[2]);
        case "PIPES" -> pipes(socket, request);
        case "RUN" -> run(socket, List.of(request).subList(2, request.length));
        default -> socket.close();
      }
    } catch (IOException e) {
      closeQuietly(socket);
    }
  }

  private void open(Socket socket, String[] request) throws IOException {
    OutputStream out = socket.getOutputStream();
    TunnelStream stream;
    try {
      if (request.length != 6) {
        throw new UsageException("a master request needs DEVICE SERVICE and two timeouts");
      }
      StreamTarget target =
          new StreamTarget(
              request[2],
              request[3],
              StreamTimeouts.ofSeconds(seconds(request[4]), seconds(request[5])));
      stream = opener.open(target);
    } catch (UsageException | IllegalArgumentException e) {
      answer(out, "ERR 2 " + ErrorMessages.oneLine(e.getMessage()));
      socket.close();
      return;
    } catch (RuntimeException e) {
      answer(out, "ERR 1 " + ErrorMessages.oneLine(ErrorMessages.describe(e, Optional.empty())));
      socket.close();
      return;
    }
    String ticket = HexFormat.of().formatHex(ticket());
    LocalSide local = new LocalSide(socket);
    waitingForInput.put(ticket, local);
    CompletableFuture<Socket> status = new CompletableFuture<>();
    waitingForStatus.put(ticket, status);
    streams.incrementAndGet();
    answer(out, "OK " + ticket);
    if (warmUpStarted.compareAndSet(false, true)) {
      // Once the first stream is open, not at start, when the stream's set-up wants both cores.
      CipherWarmUp.startInBackground();
    }
    CompletableFuture<StreamResult> result =
        stream.bridge(new LateInput(local.input), local.output, local.output::shutdown);
    local
        .input
        .orTimeout(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete(
            (in, e) -> {
              waitingForInput.remove(ticket);
              if (e != null) {
                local.output.fail(e);
                stream.close(1001, "the stdio process never sent its input");
              }
            });
    status
        .orTimeout(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete((s, e) -> waitingForStatus.remove(ticket));
    String target = request[2] + "/" + request[3];
    result.whenComplete(
        (r, e) -> {
          streams.decrementAndGet();
          lastUse = System.nanoTime();
          closeQuietly(socket);
          if (r != null && !r.isNormal()) {
            LOG.log(Level.INFO, "stream {0} ended: {1}", stream.id(), r.describe());
          }
          status.thenAccept(s -> report(s, target, r));
        });
  }

  private void run(Socket socket, List<String> args) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, false, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, false, StandardCharsets.UTF_8)) {
      code = commands.run(args, o, e);
    }
    String errors = err.toString(StandardCharsets.UTF_8);
    if (!errors.isEmpty() && !errors.endsWith("\n")) {
      errors += "\n";
    }
    long lines = errors.chars().filter(c -> c == '\n').count();
    try (socket) {
      OutputStream reply = socket.getOutputStream();
      reply.write(("OK " + code + " " + lines + "\n" + errors).getBytes(StandardCharsets.UTF_8));
      out.writeTo(reply);
      reply.flush();
    }
  }

  private void send(Socket socket, String ticket) {
    LocalSide local = waitingForInput.remove(ticket);
    if (local == null) {
      closeQuietly(socket);
      return;
    }
    try {
      local.output.use(local.request.getOutputStream(), () -> shutdownOutput(local.request));
      local.input.complete(socket.getInputStream());
    } catch (IOException e) {
      local.output.fail(e);
      local.input.completeExceptionally(e);
    }
  }

  /**
   * {@code PIPES SECRET TICKET PID IN_FD OUT_FD}: the stdio process {@code PID} asks the master to
   * read and write its standard input and output itself, so that the stream's bytes pass no {@code
   * cat} and no loopback connection. It names them by two other descriptors on the same pipes (its
   * 0 and 1 hold a socket for a moment whenever the script redirects a builtin), which are the
   * pipes' other ends, so that neither of the master's opens waits for a writer or a reader; it
   * closes all of them once answered {@code PIPED}. Only pipes are taken: a terminal or a file
   * stays with the script, as does everything where {@code /proc} is missing ({@code UNPIPED} and
   * why: the script then sends its input on a connection). The connection then waits for the end,
   * as {@code WAIT} does.
   */
  private void pipes(Socket socket, String[] request) throws IOException {
    CompletableFuture<Socket> status =
        request.length == 6 ? waitingForStatus.remove(request[2]) : null;
    if (status == null) {
      socket.close();
      return;
    }
    LocalSide local = waitingForInput.get(request[2]);
    String refusal =
        local == null
            ? "the stream is no longer waiting"
            : openPipes(local, request[3], request[4], request[5]);
    if (refusal == null) {
      waitingForInput.remove(request[2], local);
    }
    answer(socket.getOutputStream(), refusal == null ? "PIPED" : "UNPIPED " + refusal);
    status.complete(socket);
  }

  /**
   * Opens the pipes behind descriptors {@code inFd} and {@code outFd} of process {@code pid}, for
   * the stream's input and output; returns null, or why not.
   */
  private static String openPipes(LocalSide local, String pid, String inFd, String outFd) {
    if (!pid.matches("[1-9][0-9]{0,9}")
        || !inFd.matches("[0-9]{1,4}")
        || !outFd.matches("[0-9]{1,4}")) {
      return "not a process id and two descriptors: "
          + ErrorMessages.oneLine(pid + " " + inFd + " " + outFd);
    }
    Path fds = Path.of("/proc", pid, "fd");
    FileChannel in = null;
    try {
      for (String fd : List.of(inFd, outFd)) {
        Path target = Files.readSymbolicLink(fds.resolve(fd));
        if (!target.toString().startsWith("pipe:")) {
          return "descriptor " + fd + " is not a pipe: " + ErrorMessages.oneLine(target.toString());
        }
      }
      in = FileChannel.open(fds.resolve(inFd), StandardOpenOption.READ);
      FileChannel out = FileChannel.open(fds.resolve(outFd), StandardOpenOption.WRITE);
      local.output.use(Channels.newOutputStream(out), () -> closeQuietly(out));
      local.input.complete(Channels.newInputStream(in));
      return null;
    } catch (IOException | UnsupportedOperationException e) {
      if (in != null) {
        closeQuietly(in);
      }
      return ErrorMessages.oneLine(e.toString());
    }
  }

  private static void shutdownOutput(Socket socket) {
    try {
      socket.shutdownOutput();
    } catch (IOException e) {
      // the reader is gone: nothing more to tell it
    }
  }

  private void waitFor(Socket socket, String ticket) {
    CompletableFuture<Socket> status = waitingForStatus.remove(ticket);
    if (status == null) {
      closeQuietly(socket);
    } else {
      status.complete(socket);
    }
  }

  /**
   * Tells the stdio process how its stream ended: {@code END EXIT_CODE MESSAGE}, as the JVM would.
   */
  private static void report(Socket socket, String target, StreamResult result) {
    try (socket) {
      boolean normal = result != null && result.isNormal();
      String message =
          normal
              ? ""
              : "stream to " + target + " ended: " + (result == null ? "?" : result.describe());
      answer(
          socket.getOutputStream(),
          "END " + (normal ? 0 : 1) + " " + ErrorMessages.oneLine(message));
    } catch (IOException e) {
      // the stdio process is gone: nobody to tell
    }
  }

  private byte[] ticket() {
    byte[] t = new byte[16];
    random.nextBytes(t);
    return t;
  }

  private boolean authentic(String presented) {
    byte[] given = presented.getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(given, secretHex.getBytes(StandardCharsets.US_ASCII));
  }

  private static Integer seconds(String value) {
    return value.equals("-") ? null : Integer.valueOf(value);
  }

  private static void answer(OutputStream out, String line) throws IOException {
    out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      if (line.size() >= MAX_LINE) {
        throw new IOException("request line too long");
      }
      line.write(c);
    }
    return line.toString(StandardCharsets.UTF_8);
  }

  private static void closeQuietly(java.io.Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException e) {
      // already gone
    }
  }

  /**
   * Runs a one-request command line: {@link DevstreamsMain#runShared} on the master's connection.
   */
  @FunctionalInterface
  interface Commands {
    /** Runs {@code args}, printing to {@code out} and {@code err}; returns the exit code. */
    int run(List<String> args, PrintStream out, PrintStream err);
  }

  /** Waits for what the stdio process said later; fails with {@code never} if it never did. */
  private static <T> T await(CompletableFuture<T> later, String never) throws IOException {
    try {
      return later.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted: " + never);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IOException(never, e.getCause());
    }
  }

  /**
   * Where a stdio process's stream goes and comes from, decided a moment after the stream opened:
   * its pipes ({@code PIPES}), or its request connection and a second one ({@code SEND}).
   */
  private static final class LocalSide {
    final Socket request;
    final CompletableFuture<InputStream> input = new CompletableFuture<>();
    final LateOutput output = new LateOutput();

    LocalSide(Socket request) {
      this.request = request;
    }
  }

  /**
   * The stdio process's output, which the stream may start writing before the process has said
   * where it goes: writes wait for that (no longer than the input does).
   */
  private static final class LateOutput extends OutputStream {
    private record Target(OutputStream out, Runnable shutdown) {}

    private final CompletableFuture<Target> target = new CompletableFuture<>();

    void use(OutputStream out, Runnable shutdown) {
      target.complete(new Target(out, shutdown));
    }

    void fail(Throwable e) {
      target.completeExceptionally(e);
    }

    /** Ends the output: the process reads its end. */
    void shutdown() {
      try {
        target().shutdown().run();
      } catch (IOException e) {
        // never decided: nothing to end
      }
    }

    @Override
    public void write(int b) throws IOException {
      target().out().write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      target().out().write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      target().out().flush();
    }

    @Override
    public void close() throws IOException {
      Target t = target.getNow(null);
      if (t != null) {
        t.out().close();
      } else {
        fail(new IOException("the stream ended before its output was chosen"));
      }
    }

    private Target target() throws IOException {
      return await(target, "the stdio process never said where its output goes");
    }
  }

  /** The stdio process's input, which arrives on its second connection a moment after the first. */
  private static final class LateInput extends InputStream {
    private final CompletableFuture<InputStream> source;

    LateInput(CompletableFuture<InputStream> source) {
      this.source = source;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return in().read(b, off, len);
    }

    @Override
    public void close() throws IOException {
      InputStream in = source.getNow(null);
      if (in != null) {
        in.close();
      }
    }

    private InputStream in() throws IOException {
      return await(source, "the stdio process never sent its input");
    }
  }
}
