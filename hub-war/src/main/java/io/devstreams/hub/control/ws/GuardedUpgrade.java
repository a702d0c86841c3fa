package io.devstreams.hub.control.ws;

import io.devstreams.hub.ws.ConnectionCloser;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.Future;

/**
 * Puts a {@link FrameGuard} between the control channel's socket and Tyrus. Tyrus upgrades the
 * request it is given with its own handler; this wrapper lets the container upgrade to {@link
 * GuardedUpgradeHandler} instead and hands Tyrus's handler a connection whose input is guarded.
 * Tyrus, which accepts unmasked client frames and buffers a frame of any announced length up to 4
 * MiB, then never sees such a frame.
 *
 * <p>The connection also holds back the hub's own closes until the client has answered. When the
 * hub closes a channel (a newer channel of the device replaces it, the heartbeat gives up, the hub
 * stops), Tyrus sends its close frame and closes the container's connection at once, which ends the
 * upgrade's HTTP request and hands its objects back to the container for the next request. The
 * client's close frame, which RFC 6455 requires and which arrives a moment later, then raced that
 * hand-back: 5 of 80 replacements, and 8 of 150 in another run, broke the container's handling of
 * another request (its response lost, its connection closed, a device's upgrade slot held until the
 * sweep; found by ControlConnectionLimitIT). So the container's connection is closed only once the
 * client's close frame has arrived (or its input ended), as it is when the client closes first, or
 * after {@link #CLOSE_LINGER} if the client never answers.
 */
final class GuardedUpgrade extends HttpServletRequestWrapper {
  private static final System.Logger LOG = System.getLogger(GuardedUpgrade.class.getName());

  /**
   * The longest control frame allowed: a control message is at most 16 Ki characters (48 KiB of
   * UTF-8); frames longer than this end the connection before any of their payload is buffered.
   */
  static final long MAX_FRAME_PAYLOAD = 64 * 1024;

  /** How long a channel the hub closed waits for the client's close frame. */
  static final Duration CLOSE_LINGER = Duration.ofSeconds(5);

  private final String deviceId;
  private final ConnectionCloser closer;

  GuardedUpgrade(HttpServletRequest request, String deviceId, ConnectionCloser closer) {
    super(request);
    this.deviceId = deviceId;
    this.closer = closer;
  }

  @Override
  public <T extends HttpUpgradeHandler> T upgrade(Class<T> handlerClass)
      throws IOException, ServletException {
    T inner;
    try {
      inner = handlerClass.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new ServletException("cannot create " + handlerClass.getName(), e);
    }
    super.upgrade(GuardedUpgradeHandler.class).delegateTo(inner, new Connection(deviceId, closer));
    return inner;
  }

  /** The upgraded connection with its input guarded and its closes held back. */
  static final class Connection implements WebConnection {
    private final String deviceId;
    private final ConnectionCloser closer;
    private WebConnection connection;
    private GuardedInput input;
    private GuardedOutput output;
    private Future<?> linger; // guarded by this
    private boolean closed; // guarded by this
    private volatile boolean waitOver; // the client is gone, or had its time to answer

    Connection(String deviceId, ConnectionCloser closer) {
      this.deviceId = deviceId;
      this.closer = closer;
    }

    /** Wraps the container's connection, once it exists. */
    Connection wrap(WebConnection containerConnection) {
      this.connection = containerConnection;
      return this;
    }

    @Override
    public synchronized ServletInputStream getInputStream() throws IOException {
      if (input == null) {
        input =
            new GuardedInput(
                connection.getInputStream(), new FrameGuard(MAX_FRAME_PAYLOAD), this::fail);
      }
      return input;
    }

    @Override
    public synchronized ServletOutputStream getOutputStream() throws IOException {
      if (output == null) {
        output = new GuardedOutput(connection.getOutputStream());
      }
      return output;
    }

    /**
     * Closes the container's connection if the client has nothing more to send; otherwise leaves it
     * open for the client's close frame, whose arrival makes Tyrus call this again, for at most
     * {@link #CLOSE_LINGER}.
     */
    @Override
    public void close() throws Exception {
      synchronized (this) {
        if (closed) {
          return;
        }
        if (!waitOver && input != null && !input.isDone()) {
          if (linger == null) {
            linger = closer.executeAfter(CLOSE_LINGER, this::closeUnanswered);
          }
          return;
        }
        closed = true;
        if (linger != null) {
          linger.cancel(false);
        }
      }
      connection.close();
    }

    /** The container is destroying the upgrade: a close now need not wait for the client. */
    void clientGone() {
      waitOver = true;
    }

    private void closeUnanswered() {
      waitOver = true;
      try {
        close();
      } catch (Exception e) {
        LOG.log(Level.DEBUG, "device {0}: close failed: {1}", deviceId, e.toString());
      }
    }

    /**
     * Fails the connection: a close frame with the code and reason, and nothing Tyrus writes after
     * it. The read error that follows makes Tyrus close the socket, as it does for the protocol
     * errors it finds itself; closing it here as well, on the container's read-callback thread,
     * would risk the lock-order deadlock described in {@code ws.ConnectionCloser}.
     */
    private void fail(FrameGuard.Violation violation) throws IOException {
      LOG.log(Level.INFO, "device {0}: control channel failed: {1}", deviceId, violation.reason());
      ((GuardedOutput) getOutputStream()).fail(violation.closeCode(), violation.reason());
    }
  }
}
