package io.devstreams.grizzly;

import static org.assertj.core.api.Assertions.assertThat;

import io.devstreams.protocol.tunnel.HubTls;
import io.devstreams.protocol.tunnel.TestCertificates;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChain;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.filterchain.TransportFilter;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.HttpServerFilter;
import org.glassfish.grizzly.nio.transport.TCPNIOServerConnection;
import org.glassfish.grizzly.nio.transport.TCPNIOTransport;
import org.glassfish.grizzly.nio.transport.TCPNIOTransportBuilder;
import org.glassfish.grizzly.ssl.SSLBaseFilter;
import org.glassfish.grizzly.ssl.SSLEngineConfigurator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real TLS in a real Grizzly server on loopback, chained as Payara chains a hub listener, against
 * the JDK's TLS client: once a connection streams, one read takes more than Grizzly's two TLS
 * records, and every byte still arrives in order.
 */
class TlsReadSizeTest {
  private static final String UPGRADE =
      "GET /stream HTTP/1.1\r\nHost: hub\r\nUpgrade: sink\r\nConnection: Upgrade\r\n\r\n";

  /** What Grizzly's TLS layer reads at most at once: two records of 16 KiB of data. */
  private static final int GRIZZLY_READ = 2 * 16 * 1024;

  /** What the client sends. */
  private static final int DATA = 512 << 10;

  /** Big enough for the kernel to hold all of it while the server does not read. */
  private static final int SOCKET_BUFFER = 4 << 20;

  private static SSLContext serverTls;
  private static SSLContext clientTls;

  static {
    Objects.requireNonNull(Grizzly.DEFAULT_ATTRIBUTE_BUILDER); // see RequestDeadlineFilterTest
  }

  private TCPNIOTransport transport;
  private RequestDeadlineFilter filter;

  @BeforeAll
  static void certificate(@TempDir Path dir) throws Exception {
    TestCertificates certificates = TestCertificates.create(dir);
    serverTls = certificates.serverContext();
    clientTls = HubTls.sslContext(certificates.pem());
  }

  @AfterEach
  void stop() throws IOException {
    if (transport != null) {
      transport.shutdownNow();
    }
    if (filter != null) {
      filter.deadlines().close();
      filter.keptTlsBuffers().close();
    }
  }

  @Test
  void aStreamingConnectionIsReadMoreThanTwoRecordsAtATime() throws Exception {
    Sink sink = new Sink();
    int port = start(sink);
    byte[] data = new byte[DATA];
    new Random(7).nextBytes(data);
    try (SSLSocket s = connect(port)) {
      upgrade(s);
      OutputStream out = s.getOutputStream();
      // The sink holds its first read of data until all of it was written: the kernel then has it
      // all, so every read after the first finds more waiting than any buffer holds.
      out.write(data);
      out.flush();
      sink.written.countDown();
      assertThat(sink.digest.get(30, TimeUnit.SECONDS))
          .as("what the server received")
          .isEqualTo(MessageDigest.getInstance("SHA-256").digest(data));
    }
    int largest = sink.chunks.stream().mapToInt(Integer::intValue).max().orElse(0);
    assertThat(largest)
        .as("the largest read, of %s", sink.chunks)
        .isGreaterThan(2 * GRIZZLY_READ)
        .isLessThanOrEqualTo(TlsReadSize.BYTES);
  }

  @Test
  void aListenersChainGetsItOnceAndAChainWithoutTlsNot() {
    filter = new RequestDeadlineFilter(Duration.ofSeconds(30));
    SSLBaseFilter tls =
        new SSLBaseFilter(new SSLEngineConfigurator(serverTls, false, false, false));
    FilterChain chain =
        FilterChainBuilder.stateless().add(new TransportFilter()).add(tls).add(filter).build();
    assertThat(chain.get(0)).isInstanceOf(TransportFilter.class);
    assertThat(TlsReadSize.install(chain)).as("installed again").isFalse();
    FilterChain plain = FilterChainBuilder.stateless().add(new TransportFilter()).build();
    assertThat(TlsReadSize.install(plain)).isFalse();
  }

  // ---- the server -----------------------------------------------------------------------------

  private int start(Sink sink) throws IOException {
    transport = TCPNIOTransportBuilder.newInstance().setReadBufferSize(SOCKET_BUFFER).build();
    SSLEngineConfigurator tls = new SSLEngineConfigurator(serverTls, false, false, false);
    filter = new RequestDeadlineFilter(Duration.ofSeconds(30));
    FilterChainBuilder http = filter.getPUFilterChainBuilder();
    http.add(new HttpServerFilter());
    http.add(sink);
    filter.register(new HttpOnlyFinder(), http.build());
    transport.setProcessor(
        FilterChainBuilder.stateless()
            .add(new TransportFilter())
            .add(new SSLBaseFilter(tls))
            .add(filter)
            .build());
    TCPNIOServerConnection server = transport.bind(new InetSocketAddress("127.0.0.1", 0));
    transport.start();
    return ((InetSocketAddress) server.getLocalAddress()).getPort();
  }

  /** Answers the upgrade with 101, then takes raw bytes: their digest and each read's size. */
  private static final class Sink extends BaseFilter {
    final CountDownLatch written = new CountDownLatch(1);
    final List<Integer> chunks = new CopyOnWriteArrayList<>();
    final CompletableFuture<byte[]> digest = new CompletableFuture<>();
    private final MessageDigest sha;
    private boolean upgraded;
    private long received;

    Sink() {
      try {
        sha = MessageDigest.getInstance("SHA-256");
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public synchronized NextAction handleRead(FilterChainContext ctx) throws IOException {
      HttpContent content = ctx.getMessage();
      if (!upgraded) {
        upgraded = true;
        HttpResponsePacket response = ((HttpRequestPacket) content.getHttpHeader()).getResponse();
        response.setStatus(101);
        response.setUpgrade("sink");
        response.getHeaders().setValue("Connection").setString("Upgrade");
        ctx.write(HttpContent.builder(response).build());
        return ctx.getStopAction();
      }
      Buffer bytes = content.getContent();
      if (!bytes.hasRemaining()) {
        return ctx.getStopAction();
      }
      if (received == 0) {
        await();
      }
      chunks.add(bytes.remaining());
      byte[] copy = new byte[bytes.remaining()];
      bytes.get(copy);
      sha.update(copy);
      received += copy.length;
      if (received == DATA) {
        digest.complete(sha.digest());
      }
      return ctx.getStopAction();
    }

    private void await() throws IOException {
      try {
        if (!written.await(30, TimeUnit.SECONDS)) {
          throw new IOException("the client did not finish writing");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
    }
  }

  // ---- the client -----------------------------------------------------------------------------

  private static SSLSocket connect(int port) throws IOException {
    SSLSocket s = (SSLSocket) clientTls.getSocketFactory().createSocket();
    s.setSendBufferSize(SOCKET_BUFFER);
    s.connect(new InetSocketAddress("127.0.0.1", port));
    s.setTcpNoDelay(true);
    s.setSoTimeout(30_000);
    return s;
  }

  private static void upgrade(SSLSocket s) throws IOException {
    Upgrades.upgrade(s, UPGRADE);
  }
}
