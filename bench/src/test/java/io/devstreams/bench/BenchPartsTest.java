package io.devstreams.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class BenchPartsTest {

  @Test
  void patternSlicesWrapAroundThePeriod() {
    DataPattern p = DataPattern.shared();
    ByteBuffer a = p.slice(DataPattern.PERIOD - 3, 6);
    ByteBuffer b = p.slice(0, 3);
    ByteBuffer c = p.slice(2L * DataPattern.PERIOD - 3, 6);
    assertThat(a).isEqualTo(c);
    a.position(a.position() + 3);
    assertThat(a).isEqualTo(b);
  }

  @Test
  void crcOfTheStreamMatchesSlicesOfAnySize() {
    DataPattern p = DataPattern.shared();
    long length = 3L * DataPattern.PERIOD + 12345;
    CRC32C crc = new CRC32C();
    for (long off = 0; off < length; ) {
      int n = (int) Math.min(65_536, length - off);
      crc.update(p.slice(off, n));
      off += n;
    }
    assertThat((int) crc.getValue()).isEqualTo(p.crc(length));
  }

  @Test
  void percentilesAreNearestRank() {
    long[] v = new long[200];
    for (int i = 0; i < v.length; i++) {
      v[i] = 200 - i;
    }
    Stats s = new Stats(v);
    assertThat(s.percentile(50)).isEqualTo(100);
    assertThat(s.percentile(99)).isEqualTo(198);
    assertThat(s.percentile(100)).isEqualTo(200);
  }

  @Test
  void medianIsTheMiddleRateAndNaNWithoutAny() {
    assertThat(Stats.median(List.of(300.0, 100.0, 200.0))).isEqualTo(200.0);
    assertThat(Stats.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(3.0);
    assertThat(Stats.median(List.of())).isNaN();
  }

  @Test
  void tableShowsRatiosAndJsonIsWellFormed() {
    Report r = new Report();
    r.add("bulk", "MB/s", true, 100.0, "socat", 1000.0, "direct", null, "openssh", 200.0);
    assertThat(r.table()).contains("0.10x").contains("0.50x");
    String json = Json.write(List.of(r.json(), 1e9, 0.000123, "a\"b"));
    assertThat(json).contains("1000000000").contains("0.000123").contains("\"a\\\"b\"");
  }

  @Test
  void tableNumbersRowsByIssueCaseAndOrdersThem() {
    Report r = new Report();
    r.issueCase(6);
    r.add("cpu", "s/GB", false, 3.0);
    r.target(Report.NO_TARGET, null);
    r.issueCase(0);
    r.add("rss", "MiB", false, 500.0);
    r.issueCase(1);
    r.add("bulk", "MB/s", true, 100.0, "openssh", 200.0);
    r.target("≥ 1.0x openssh", false);
    String table = r.table();
    assertThat(table.indexOf("1. bulk")).isLessThan(table.indexOf("6. cpu"));
    assertThat(table.indexOf("6. cpu")).isLessThan(table.indexOf("rss"));
    assertThat(table).contains("≥ 1.0x openssh MISSED").contains(Report.NO_TARGET);
    assertThat(r.json().get(0).toString()).contains("issueCase=1");
  }

  @Test
  void concurrentEchoVerifiesEveryStream() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      echo(server, -1);
      try (ConcurrentEcho echo =
          new ConcurrentEcho(
              new InetSocketAddress(server.getInetAddress(), server.getLocalPort()), 20, 300_000)) {
        boolean[] allOpen = {false};
        ConcurrentEcho.Outcome o = echo.run(5, 30, () -> allOpen[0] = true);
        assertThat(o.failures()).isEmpty();
        assertThat(o.opened()).isEqualTo(20);
        assertThat(o.verified()).isEqualTo(20);
        assertThat(allOpen[0]).isTrue();
      }
    }
  }

  @Test
  void concurrentEchoCatchesAChangedByte() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      echo(server, 123_456);
      try (ConcurrentEcho echo =
          new ConcurrentEcho(
              new InetSocketAddress(server.getInetAddress(), server.getLocalPort()), 3, 300_000)) {
        ConcurrentEcho.Outcome o = echo.run(3, 30, () -> {});
        assertThat(o.verified()).isZero();
        assertThat(o.failures())
            .hasSize(3)
            .allMatch(f -> f.contains("byte 123456 came back changed"));
      }
    }
  }

  @Test
  void manyEchoOnOneThreadEchoesEveryStream() throws Exception {
    try (java.nio.channels.ServerSocketChannel server =
        java.nio.channels.ServerSocketChannel.open()
            .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100)) {
      Thread t = new Thread(() -> ManyEcho.serve(server));
      t.setDaemon(true);
      t.start();
      try (ConcurrentEcho echo =
          new ConcurrentEcho((InetSocketAddress) server.getLocalAddress(), 30, 2_000_000)) {
        ConcurrentEcho.Outcome o = echo.run(30, 30, () -> {});
        assertThat(o.failures()).isEmpty();
        assertThat(o.verified()).isEqualTo(30);
      }
    }
  }

  @Test
  void proxyCommandWordsAreQuotedForTheShellButNotSshTokens() {
    assertThat(Command.shellLine(List.of("/a b/devstreams", "it's", "-W", "%h:%p")))
        .isEqualTo("'/a b/devstreams' 'it'\\''s' '-W' %h:%p");
  }

  @Test
  void aNegativeOrZeroFigureHasNoRatio() {
    Report r = new Report();
    r.add("added", "ms", false, -5.0, "openssh", 100.0, "direct", 0.0);
    assertThat(r.rows().get(0).ratio("openssh")).isNull();
    assertThat(r.rows().get(0).ratio("direct")).isNull();
  }

  /** Echoes every connection on its own thread; flips the byte at {@code corrupt} (-1: none). */
  private static void echo(ServerSocket server, long corrupt) {
    Thread acceptor =
        new Thread(
            () -> {
              while (true) {
                try {
                  Socket s = server.accept();
                  Thread t = new Thread(() -> echoOne(s, corrupt));
                  t.setDaemon(true);
                  t.start();
                } catch (IOException e) {
                  return;
                }
              }
            });
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private static void echoOne(Socket s, long corrupt) {
    try (s) {
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      byte[] buffer = new byte[8192];
      long offset = 0;
      int n;
      while ((n = in.read(buffer)) >= 0) {
        if (corrupt >= offset && corrupt < offset + n) {
          buffer[(int) (corrupt - offset)] ^= 1;
        }
        out.write(buffer, 0, n);
        offset += n;
      }
      s.shutdownOutput();
    } catch (IOException e) {
      // the client went away
    }
  }

  @Test
  void bulkAndEchoThroughTheTargets() throws Exception {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.PrintStream print = new java.io.PrintStream(out, true);
    Thread servers =
        new Thread(
            () -> {
              try {
                Servers.run(print);
              } catch (Exception e) {
                // test ends
              }
            });
    servers.setDaemon(true);
    servers.start();
    long deadline = System.currentTimeMillis() + 10_000;
    while (!out.toString().contains("echo=") && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
    String line = out.toString().strip();
    int sink = port(line, "sink=");
    int source = port(line, "source=");
    int echo = port(line, "echo=");
    long length = 5L * 1024 * 1024 + 7;
    int crc = DataPattern.shared().crc(length);
    assertThat(Bulk.upload(new InetSocketAddress("127.0.0.1", sink), length, crc, 30).problem())
        .isNull();
    assertThat(Bulk.download(new InetSocketAddress("127.0.0.1", source), length, crc, 30).problem())
        .isNull();
    assertThat(
            Bulk.upload(new InetSocketAddress("127.0.0.1", sink), length, crc + 1, 30).verified())
        .isFalse();
    InetSocketAddress e = new InetSocketAddress("127.0.0.1", echo);
    assertThat(Latency.firstByte(e)).isPositive();
    assertThat(java.util.Arrays.stream(Latency.pingPong(e, 10, 100)).min().getAsLong())
        .isPositive();
    assertThat(Latency.sustained(e, 2, 300).completed()).isPositive();
  }

  private static int port(String line, String key) {
    String rest = line.substring(line.indexOf(key) + key.length());
    int end = rest.indexOf(' ');
    return Integer.parseInt(end < 0 ? rest : rest.substring(0, end));
  }
}
