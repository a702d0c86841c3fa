package io.devstreams.hub.control;

import io.devstreams.hub.errors.HubException;
import io.devstreams.hub.settings.HubSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Counts device control connections per remote address, from the moment an upgrade arrives until
 * the channel ends, and refuses a connection beyond {@link HubSettings#CONTROL_MAX_PER_ADDRESS}
 * before any authentication work is done for it.
 *
 * <p>Each connection holds one {@link Admission}, which gives its slot back exactly once however
 * the connection ends. An admission that no channel has {@link Admission#open opened} within {@link
 * #UPGRADE_DEADLINE} (an upgrade lost between the 101 and the endpoint) is given back by {@link
 * #sweep()}, so that nothing can hold a slot for good. Addresses with no connection are forgotten:
 * the map holds only addresses that are connected now.
 */
@ApplicationScoped
public class ControlConnections {

  /** An upgrade not opened by then is given up; the real time is milliseconds. */
  public static final Duration UPGRADE_DEADLINE = Duration.ofSeconds(30);

  /**
   * What a refused connection is told to wait: the hub cannot know when a connection from the
   * address ends, so it suggests the agent's own reconnect ceiling.
   */
  public static final Duration RETRY_AFTER = Duration.ofSeconds(10);

  private final Object lock = new Object();
  private final Map<String, Integer> counts = new HashMap<>();
  private final Set<Admission> unopened = new LinkedHashSet<>();
  private Clock clock;
  private int maxPerAddress;

  /** For CDI's proxy only. */
  protected ControlConnections() {}

  @Inject
  ControlConnections(HubSettings settings, Clock clock) {
    this(settings.controlMaxPerAddress(), clock);
  }

  /** Creates the counter with an explicit limit and clock (unit tests). */
  public ControlConnections(int maxPerAddress, Clock clock) {
    if (maxPerAddress < 1) {
      throw new IllegalArgumentException(
          HubSettings.CONTROL_MAX_PER_ADDRESS + " must be at least 1, got " + maxPerAddress);
    }
    this.maxPerAddress = maxPerAddress;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Takes a slot for a connection from {@code address}.
   *
   * @throws HubException THROTTLED, naming the address, the limit and the setting, when the address
   *     has {@code maxPerAddress} connections already
   */
  public Admission admit(String address) {
    Objects.requireNonNull(address, "address");
    Admission admission = new Admission(address, clock.instant());
    synchronized (lock) {
      int count = counts.getOrDefault(address, 0);
      if (count >= maxPerAddress) {
        throw HubException.throttled(
            "too many control connections from "
                + address
                + " (limit "
                + maxPerAddress
                + ", setting "
                + HubSettings.CONTROL_MAX_PER_ADDRESS
                + ")",
            RETRY_AFTER);
      }
      counts.put(address, count + 1);
      unopened.add(admission);
    }
    return admission;
  }

  /**
   * Gives back the slots of admissions not opened within {@link #UPGRADE_DEADLINE}; returns how
   * many. Called with the control heartbeat; unit tests call it with a moved clock.
   */
  public int sweep() {
    Instant cutoff = clock.instant().minus(UPGRADE_DEADLINE);
    List<Admission> stale = new ArrayList<>();
    synchronized (lock) {
      for (Admission a : unopened) {
        if (a.admitted.isBefore(cutoff)) {
          stale.add(a);
        }
      }
    }
    int released = 0;
    for (Admission a : stale) {
      if (a.release()) {
        released++;
      }
    }
    return released;
  }

  /** Connections from {@code address} now, upgrades in progress included. */
  public int count(String address) {
    synchronized (lock) {
      return counts.getOrDefault(address, 0);
    }
  }

  /** Connections from every address now, upgrades in progress included. */
  public int total() {
    synchronized (lock) {
      return counts.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  /** The limit in force. */
  public int maxPerAddress() {
    return maxPerAddress;
  }

  private boolean opened(Admission admission) {
    synchronized (lock) {
      if (admission.state != State.ADMITTED) {
        return false;
      }
      admission.state = State.OPEN;
      unopened.remove(admission);
      return true;
    }
  }

  private boolean released(Admission admission) {
    synchronized (lock) {
      if (admission.state == State.RELEASED) {
        return false;
      }
      admission.state = State.RELEASED;
      unopened.remove(admission);
      int left = counts.get(admission.address) - 1;
      if (left == 0) {
        counts.remove(admission.address);
      } else {
        counts.put(admission.address, left);
      }
      return true;
    }
  }

  private enum State {
    ADMITTED,
    OPEN,
    RELEASED
  }

  /**
   * One connection's slot: taken at the upgrade, handed to the channel when it opens, and given
   * back once, by whichever comes first of the refusal, the channel's end or the sweep.
   */
  public final class Admission {
    private final String address;
    private final Instant admitted;
    private State state = State.ADMITTED; // guarded by the counter's lock

    private Admission(String address, Instant admitted) {
      this.address = address;
      this.admitted = admitted;
    }

    /** The remote address the slot counts against. */
    public String address() {
      return address;
    }

    /**
     * The channel opened and now owns the slot; false if the slot was given back already (the
     * upgrade took longer than {@link #UPGRADE_DEADLINE}), in which case the channel must close.
     */
    public boolean open() {
      return opened(this);
    }

    /** Gives the slot back; true the first time, false (and nothing done) after that. */
    public boolean release() {
      return released(this);
    }
  }
}
