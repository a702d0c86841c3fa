package io.devstreams.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
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
  void tableShowsRatiosAndJsonIsWellFormed() {
    Report r = new Report();
    r.add("bulk", "MB/s", true, 100.0, "socat", 1000.0, "direct", null, "openssh", 200.0);
    assertThat(r.table()).contains("0.10x").contains("0.50x");
    String json = Json.write(List.of(r.json(), 1e9, 0.000123, "a\"b"));
    assertThat(json).contains("1000000000").contains("0.000123").contains("\"a\\\"b\"");
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
