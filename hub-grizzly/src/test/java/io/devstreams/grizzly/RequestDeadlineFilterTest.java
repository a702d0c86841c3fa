package io.devstreams.grizzly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import org.glassfish.grizzly.Buffer;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The filter in a real Grizzly server on loopback, in the place Payara gives it: the
 * port-unification filter of a listener whose one protocol is the HTTP codec followed by an
 * application (here one that answers "ok", or 101 and then echoes raw bytes). The deadline is 1 s.
 */
class RequestDeadlineFilterTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(1);

  /** The deadline plus a sweep, plus slack for a loaded machine. */
  private static final Duration CLOSED_BY = TIMEOUT.plus(RequestDeadlines.SWEEP).plusSeconds(2);

  private static final String GET = "GET /health HTTP/1.1\r\nHost: hub\r\n\r\n";
  private static final String UPGRADE =
      "GET /stream HTTP/1.1\r\nHost: hub\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n";

  static {
    // Grizzly's class before its attribute builder's: the other order leaves
    // Grizzly.DEFAULT_ATTRIBUTE_BUILDER null (a cycle in their static initializers). Payara's boot
    // initializes them in this order.
    Objects.requireNonNull(Grizzly.DEFAULT_ATTRIBUTE_BUILDER);
  }

  private TCPNIOTransport transport;
  private RequestDeadlineFilter deadline;
  private int port;

  @BeforeEach
  void start() throws IOException {
    // The transport first, as in any Grizzly server: it initializes Grizzly's attribute builder.
    transport = TCPNIOTransportBuilder.newInstance().build();
    deadline = new RequestDeadlineFilter(TIMEOUT);
    FilterChainBuilder http = deadline.getPUFilterChainBuilder();
    http.add(new HttpServerFilter());
    http.add(new Application());
    deadline.register(new HttpOnlyFinder(), http.build());
    transport.setProcessor(
        FilterChainBuilder.stateless().add(new TransportFilter()).add(deadline).build());
    TCPNIOServerConnection server = transport.bind(new InetSocketAddress("127.0.0.1", 0));
    port = ((InetSocketAddress) server.getLocalAddress()).getPort();
    transport.start();
  }

  @AfterEach
  void stop() throws IOException {
    transport.shutdownNow();
    deadline.deadlines().close();
  }

  @Test
  void aRequestHeadDrippedAByteAtATimeIsClosedAtTheDeadline() throws Exception {
    try (Socket s = connect()) {
      long start = System.nanoTime();
      byte[] head = GET.getBytes(StandardCharsets.US_ASCII);
      // Never the last byte: the head is never complete.
      int sent = drip(s, Arrays.copyOf(head, head.length - 1), start);
      assertClosedBetween(s, start, TIMEOUT, CLOSED_BY);
      assertThat(sent).as("bytes sent before the close").isLessThan(head.length - 1);
    }
  }

  @Test
  void aConnectionThatSendsNothingIsClosedAtTheDeadline() throws Exception {
    try (Socket s = connect()) {
      long start = System.nanoTime();
      assertThat(closedWithin(s, CLOSED_BY)).isTrue();
      assertClosedBetween(s, start, TIMEOUT, CLOSED_BY);
    }
  }

  @Test
  void aBodyDrippedAfterAQuickHeadIsClosedAtTheDeadline() throws Exception {
    try (Socket s = connect()) {
      long start = System.nanoTime();
      write(s, "POST /devices HTTP/1.1\r\nHost: hub\r\nContent-Length: 1000\r\n\r\n");
      int sent = drip(s, "x".repeat(1000).getBytes(StandardCharsets.US_ASCII), start);
      assertClosedBetween(s, start, TIMEOUT, CLOSED_BY);
      assertThat(sent).as("body bytes sent before the close").isLessThan(1000);
    }
  }

  @Test
  void completeRequestsAreAnsweredAndTheConnectionMayIdleBetweenThem() throws Exception {
    try (Socket s = connect()) {
      write(s, GET);
      assertThat(readResponse(s)).startsWith("HTTP/1.1 200").endsWith("ok");
      // Idle for twice the deadline: waiting for a next request is not being in one.
      assertStaysOpen(s, TIMEOUT.multipliedBy(2));
      write(s, GET);
      assertThat(readResponse(s)).startsWith("HTTP/1.1 200").endsWith("ok");
    }
  }

  @Test
  void aSecondRequestDrippedOnAKeepAliveConnectionIsClosedAtItsOwnDeadline() throws Exception {
    try (Socket s = connect()) {
      write(s, GET);
      assertThat(readResponse(s)).startsWith("HTTP/1.1 200");
      assertStaysOpen(s, TIMEOUT.multipliedBy(2));
      long start = System.nanoTime();
      byte[] head = GET.getBytes(StandardCharsets.US_ASCII);
      drip(s, Arrays.copyOf(head, head.length - 1), start);
      assertClosedBetween(s, start, TIMEOUT, CLOSED_BY);
    }
  }

  @Test
  void anUpgradedConnectionOutlivesTheDeadline() throws Exception {
    try (Socket s = connect()) {
      write(s, UPGRADE);
      assertThat(readResponse(s)).startsWith("HTTP/1.1 101");
      assertStaysOpen(s, TIMEOUT.multipliedBy(2));
      write(s, "still here");
      assertThat(new String(s.getInputStream().readNBytes(10), StandardCharsets.US_ASCII))
          .isEqualTo("still here");
      assertThat(deadline.deadlines().waiting()).isZero();
    }
  }

  @Test
  void aTimeoutMustBePositive() {
    assertThatThrownBy(() -> new RequestDeadlineFilter(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive");
  }

  // ---- the application behind the codec ---------------------------------------------------------

  /** Answers "ok" to a complete request; answers an upgrade with 101, then echoes raw bytes. */
  private static final class Application extends BaseFilter {
    private static final Attribute<Boolean> UPGRADED =
        Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute("test.upgraded");

    @Override
    public NextAction handleRead(FilterChainContext ctx) {
      HttpContent content = ctx.getMessage();
      HttpRequestPacket request = (HttpRequestPacket) content.getHttpHeader();
      HttpResponsePacket response = request.getResponse();
      if (request.isUpgrade()) {
        if (!Boolean.TRUE.equals(UPGRADED.get(ctx.getConnection()))) {
          UPGRADED.set(ctx.getConnection(), Boolean.TRUE);
          response.setStatus(101);
          response.setUpgrade("echo");
          response.getHeaders().setValue("Connection").setString("Upgrade");
          ctx.write(HttpContent.builder(response).build());
        }
        Buffer bytes = content.getContent();
        if (bytes.hasRemaining()) {
          ctx.write(Buffers.wrap(ctx.getMemoryManager(), bytes.toStringContent()));
        }
      } else if (content.isLast()) {
        response.setStatus(200);
        response.setContentLength(2);
        ctx.write(
            HttpContent.builder(response)
                .content(Buffers.wrap(ctx.getMemoryManager(), "ok"))
                .last(true)
                .build());
      }
      return ctx.getStopAction();
    }
  }

  // ---- the client side ------------------------------------------------------------------------

  private Socket connect() throws IOException {
    Socket s = new Socket("127.0.0.1", port);
    s.setTcpNoDelay(true);
    return s;
  }

  private static void write(Socket s, String text) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(text.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private static boolean writeQuietly(Socket s, byte b) {
    try {
      s.getOutputStream().write(b);
      s.getOutputStream().flush();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Writes {@code bytes} one every 100 ms, each well inside any idle timeout, until the server
   * closes {@code s} or {@link #CLOSED_BY} has passed since {@code startNanos}; returns how many it
   * wrote.
   */
  private static int drip(Socket s, byte[] bytes, long startNanos) throws IOException {
    int sent = 0;
    while (System.nanoTime() - startNanos < CLOSED_BY.toNanos()) {
      if (sent < bytes.length) {
        if (!writeQuietly(s, bytes[sent])) {
          break;
        }
        sent++;
      }
      if (closedWithin(s, Duration.ofMillis(100))) {
        break;
      }
    }
    return sent;
  }

  /** Reads a response head and its body of Content-Length bytes (none for 101). */
  private static String readResponse(Socket s) throws IOException {
    s.setSoTimeout((int) CLOSED_BY.toMillis());
    InputStream in = s.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      assertThat(b).as("the response so far: %s", head).isNotNegative();
      head.append((char) b);
    }
    int length = 0;
    for (String line : head.toString().split("\r\n")) {
      if (line.toLowerCase().startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    return head + new String(in.readNBytes(length), StandardCharsets.US_ASCII);
  }

  /** Whether the server closed {@code s} within {@code wait} (it sends nothing else here). */
  private static boolean closedWithin(Socket s, Duration wait) throws IOException {
    s.setSoTimeout((int) Math.max(1, wait.toMillis()));
    try {
      return s.getInputStream().read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset
    }
  }

  private static void assertClosedBetween(Socket s, long startNanos, Duration low, Duration high)
      throws IOException {
    Duration remaining = high.minus(Duration.ofNanos(System.nanoTime() - startNanos));
    assertThat(remaining.isNegative() || closedWithin(s, remaining) || s.isClosed())
        .as("closed by the server")
        .isTrue();
    Duration after = Duration.ofNanos(System.nanoTime() - startNanos);
    assertThat(after).as("closed after").isGreaterThanOrEqualTo(low).isLessThanOrEqualTo(high);
  }

  private static void assertStaysOpen(Socket s, Duration wait) throws IOException {
    assertThat(closedWithin(s, wait)).as("closed by the server while idle").isFalse();
  }
}
