package io.devstreams.hub.control.ws;

import io.devstreams.hub.control.ControlConnections;
import io.devstreams.hub.control.ControlConnections.Admission;
import io.devstreams.hub.errors.HubException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.security.Principal;
import java.util.Optional;

/**
 * The servlet side of {@link ControlConnections}: takes a slot for a control-channel upgrade before
 * {@link ControlAuthFilter} authenticates it, answers 429 when the remote address has no slot left,
 * and hands the slot to the {@link ControlEndpoint} that opens, or gives it back when no channel
 * opens (a refused credential, a handshake Tyrus refuses).
 *
 * <p>The slot travels to the endpoint as the upgrade request's user principal, the one object Tyrus
 * carries from the HTTP request to the WebSocket session.
 */
@ApplicationScoped
public class ControlConnectionGate {
  private static final System.Logger LOG = System.getLogger(ControlConnectionGate.class.getName());

  @Inject ControlConnections connections;

  /**
   * Takes a slot for the upgrade in {@code req}; when the address has none left, answers 429 on
   * {@code res}, logs the address and the reason, and returns empty.
   */
  public Optional<Entry> enter(HttpServletRequest req, HttpServletResponse res) throws IOException {
    String address = req.getRemoteAddr();
    Admission admission;
    try {
      admission = connections.admit(address);
    } catch (HubException e) {
      LOG.log(Level.INFO, "control connection refused from {0}: {1}", address, e.getMessage());
      HttpRefusal.send(res, e);
      return Optional.empty();
    }
    return Optional.of(new Entry(new AdmittedRequest(req, admission), admission));
  }

  /**
   * The slot of the upgrade that opened {@code session}'s channel, or null when the session did not
   * come through {@link #enter}.
   */
  static Admission admissionOf(Principal principal) {
    return principal instanceof AdmittedConnection a ? a.admission() : null;
  }

  /** An upgrade holding a slot: the request to pass on, and what to do once it has been served. */
  public static final class Entry {
    private final HttpServletRequest request;
    private final Admission admission;

    private Entry(HttpServletRequest request, Admission admission) {
      this.request = request;
      this.admission = admission;
    }

    /** The request to pass down the chain: it carries the slot to the endpoint. */
    public HttpServletRequest request() {
      return request;
    }

    /**
     * Gives the slot back unless the connection was upgraded (then the endpoint owns it, or the
     * sweep gives it back if the endpoint never opens). An upgrade that failed with an exception
     * ({@code served} false) gives it back even if its 101 was set: no channel opens for it.
     */
    public void exit(HttpServletResponse res, boolean served) {
      if (!served || res.getStatus() != HttpServletResponse.SC_SWITCHING_PROTOCOLS) {
        admission.release();
      }
    }
  }

  /** The upgrade request, with the slot as its user principal. */
  private static final class AdmittedRequest extends HttpServletRequestWrapper {
    private final AdmittedConnection principal;

    AdmittedRequest(HttpServletRequest request, Admission admission) {
      super(request);
      this.principal = new AdmittedConnection(admission);
    }

    @Override
    public Principal getUserPrincipal() {
      return principal;
    }
  }

  /** A connection admitted from an address; its name is the address, never a credential. */
  private record AdmittedConnection(Admission admission) implements Principal {
    @Override
    public String getName() {
      return admission.address();
    }
  }
}
