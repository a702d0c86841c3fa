package io.devstreams.hub.control.ws;

import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import java.io.IOException;
import java.lang.System.Logger.Level;

/**
 * Puts a {@link FrameGuard} between the control channel's socket and Tyrus. Tyrus upgrades the
 * request it is given with its own handler; this wrapper lets the container upgrade to {@link
 * GuardedUpgradeHandler} instead and hands Tyrus's handler a connection whose input is guarded.
 * Tyrus, which accepts unmasked client frames and buffers a frame of any announced length up to 4
 * MiB, then never sees such a frame.
 */
final class GuardedUpgrade extends HttpServletRequestWrapper {
  private static final System.Logger LOG = System.getLogger(GuardedUpgrade.class.getName());

  /**
   * The longest control frame allowed: a control message is at most 16 Ki characters (48 KiB of
   * UTF-8); frames longer than this end the connection before any of their payload is buffered.
   */
  static final long MAX_FRAME_PAYLOAD = 64 * 1024;

  private final String deviceId;

  GuardedUpgrade(HttpServletRequest request, String deviceId) {
    super(request);
    this.deviceId = deviceId;
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
    super.upgrade(GuardedUpgradeHandler.class).delegateTo(inner, new Connection(deviceId));
    return inner;
  }

  /** The upgraded connection with its input guarded. */
  static final class Connection implements WebConnection {
    private final String deviceId;
    private WebConnection connection;
    private GuardedInput input;
    private GuardedOutput output;

    Connection(String deviceId) {
      this.deviceId = deviceId;
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

    @Override
    public void close() throws Exception {
      connection.close();
    }

    /**
     * Fails the connection: a close frame with the code and reason, and nothing Tyrus writes after
     * it. The read error that follows makes Tyrus close the socket, as it does for the protocol
     * errors it finds itself; closing it here as well, on the container's read-callback thread,
     * would risk the lock-order deadlock described in {@code streams.ws.ConnectionCloser}.
     */
    private void fail(FrameGuard.Violation violation) throws IOException {
      LOG.log(Level.INFO, "device {0}: control channel failed: {1}", deviceId, violation.reason());
      ((GuardedOutput) getOutputStream()).fail(violation.closeCode(), violation.reason());
    }
  }
}
