package io.devstreams.grizzly;

import static org.assertj.core.api.Assertions.assertThat;

import io.devstreams.protocol.tunnel.HubTls;
import io.devstreams.protocol.tunnel.TestCertificates;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.filterchain.TransportFilter;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.HttpServerFilter;
import org.glassfish.grizzly.memory.Buffers;
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
 * Real TLS in a real Grizzly server on loopback, chained as Payara chains a hub listener (TLS, then
 * the port-unification filter, then the HTTP codec and an application that answers an upgrade with
 * 101 and echoes raw bytes), against the JDK's TLS client: Grizzly keeps the buffer of a
 * connection's last TLS write for as long as the connection idles, and the filter lets go of it.
 */
class KeptTlsBuffersTest {
  private static final String UPGRADE =
      "GET /stream HTTP/1.1\r\nHost: hub\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n";

  /** A sweep, plus slack for a loaded machine. */
  private static final Duration RELEASED_BY = KeptTlsBuffers.SWEEP.plusSeconds(5);

  private static SSLContext serverTls;
  private static SSLContext clientTls;

  static {
    Objects.requireNonNull(Grizzly.DEFAULT_ATTRIBUTE_BUILDER); // see RequestDeadlineFilterTest
  }

  private TCPNIOTransport transport;
  private RequestDeadlineFilter filter;
  private final CompletableFuture<Connection<?>> serverSide = new CompletableFuture<>();

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
  void thisGrizzlyHasTheFieldThatIsReleased() {
    assertThat(KeptTlsBuffers.supported()).isTrue();
  }

  @Test
  void withoutTheFilterAnIdleConnectionKeepsTheBufferOfItsLastWrite() throws Exception {
    int port = start(false);
    try (SSLSocket s = connect(port)) {
      upgradeAndEcho(s, "hello");
      Connection<?> connection = serverSide.get(5, TimeUnit.SECONDS);
      Buffer kept = KeptTlsBuffers.kept(connection);
      assertThat(kept).as("the buffer Grizzly keeps after the last write").isNotNull();
      assertThat(kept.capacity()).isGreaterThanOrEqualTo(16_000);
    }
  }

  @Test
  void anIdleUpgradedConnectionKeepsNoTlsBufferAndStillWorks() throws Exception {
    int port = start(true);
    try (SSLSocket s = connect(port)) {
      upgradeAndEcho(s, "hello");
      Connection<?> connection = serverSide.get(5, TimeUnit.SECONDS);
      assertThat(eventually(() -> KeptTlsBuffers.kept(connection) == null))
          .as("the kept TLS buffer released within %s", RELEASED_BY)
          .isTrue();
      echo(s, "after the release");
      assertThat(eventually(() -> KeptTlsBuffers.kept(connection) == null)).isTrue();
      assertThat(filter.keptTlsBuffers().pending()).isZero();
    }
  }

  @Test
  void releasesDuringABusyEchoLoseAndCorruptNothing() throws Exception {
    int port = start(true);
    byte[] data = new byte[8 << 20];
    new Random(42).nextBytes(data);
    try (SSLSocket s = connect(port)) {
      upgradeAndEcho(s, "hello");
      CompletableFuture<byte[]> echoed =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return s.getInputStream().readNBytes(data.length);
                } catch (IOException e) {
                  throw new IllegalStateException(e);
                }
              });
      OutputStream out = s.getOutputStream();
      Connection<?> connection = serverSide.get(5, TimeUnit.SECONDS);
      int released = 0;
      for (int off = 0; off < data.length; off += 64 << 10) {
        out.write(data, off, 64 << 10);
        if (KeptTlsBuffers.release(connection)) {
          released++;
        }
      }
      out.flush();
      assertThat(echoed.get(60, TimeUnit.SECONDS)).isEqualTo(data);
      assertThat(released).as("buffers released while the echo ran").isPositive();
    }
  }

  // ---- the server -----------------------------------------------------------------------------

  /** Starts a TLS server with or without the port-unification filter; returns its port. */
  private int start(boolean withFilter) throws IOException {
    transport = TCPNIOTransportBuilder.newInstance().build();
    SSLEngineConfigurator tls = new SSLEngineConfigurator(serverTls, false, false, false);
    FilterChainBuilder chain =
        FilterChainBuilder.stateless().add(new TransportFilter()).add(new SSLBaseFilter(tls));
    if (withFilter) {
      filter = new RequestDeadlineFilter(Duration.ofSeconds(30));
      FilterChainBuilder http = filter.getPUFilterChainBuilder();
      http.add(new HttpServerFilter());
      http.add(new EchoAfterUpgrade(serverSide));
      filter.register(new HttpOnlyFinder(), http.build());
      chain.add(filter);
    } else {
      chain.add(new HttpServerFilter()).add(new EchoAfterUpgrade(serverSide));
    }
    transport.setProcessor(chain.build());
    TCPNIOServerConnection server = transport.bind(new InetSocketAddress("127.0.0.1", 0));
    transport.start();
    return ((InetSocketAddress) server.getLocalAddress()).getPort();
  }

  /** Answers an upgrade with 101, then echoes raw bytes; hands on the server's connection. */
  private static final class EchoAfterUpgrade extends BaseFilter {
    private static final Attribute<Boolean> UPGRADED =
        Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute("test.tls.upgraded");

    private final CompletableFuture<Connection<?>> connection;

    EchoAfterUpgrade(CompletableFuture<Connection<?>> connection) {
      this.connection = connection;
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) {
      HttpContent content = ctx.getMessage();
      HttpResponsePacket response = ((HttpRequestPacket) content.getHttpHeader()).getResponse();
      if (!Boolean.TRUE.equals(UPGRADED.get(ctx.getConnection()))) {
        UPGRADED.set(ctx.getConnection(), Boolean.TRUE);
        response.setStatus(101);
        response.setUpgrade("echo");
        response.getHeaders().setValue("Connection").setString("Upgrade");
        ctx.write(HttpContent.builder(response).build());
        connection.complete(ctx.getConnection());
      }
      Buffer bytes = content.getContent();
      if (bytes.hasRemaining()) {
        byte[] copy = new byte[bytes.remaining()];
        bytes.get(copy);
        ctx.write(Buffers.wrap(ctx.getMemoryManager(), copy));
      }
      return ctx.getStopAction();
    }
  }

  // ---- the client -----------------------------------------------------------------------------

  private static SSLSocket connect(int port) throws IOException {
    SSLSocket s = (SSLSocket) clientTls.getSocketFactory().createSocket("localhost", port);
    s.setTcpNoDelay(true);
    s.setSoTimeout(30_000);
    return s;
  }

  private static void upgradeAndEcho(SSLSocket s, String text) throws IOException {
    Upgrades.upgrade(s, UPGRADE);
    echo(s, text);
  }

  private static void echo(SSLSocket s, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    s.getOutputStream().write(bytes);
    s.getOutputStream().flush();
    assertThat(s.getInputStream().readNBytes(bytes.length)).isEqualTo(bytes);
  }

  /** Whether {@code condition} holds within {@link #RELEASED_BY}, checked every 10 ms. */
  private static boolean eventually(BooleanSupplier condition) {
    long deadline = System.nanoTime() + RELEASED_BY.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
    return true;
  }
}
