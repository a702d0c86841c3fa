package io.devstreams.hub.registry;

import io.devstreams.hub.errors.HubException;
import java.util.Locale;

/**
 * What a person looks for in the device list: a piece of the id, a state, and where the page
 * starts.
 *
 * @param text a piece of the device id, matched ignoring case; empty for every device
 * @param state which devices: any, connected, disconnected or disabled ones
 * @param continuation where the page starts (from the previous page), or null for the first page
 * @param top how many devices a page holds, 1 to {@value #MAX_TOP}
 */
public record DeviceSearchQuery(String text, State state, String continuation, int top) {

  /** The longest search text, a device id's longest length. */
  public static final int MAX_TEXT = 128;

  /** The largest page. */
  public static final int MAX_TOP = 500;

  /** Which devices a query lists. */
  public enum State {
    /** Every device. */
    ANY,
    /** Devices whose control channel is open. */
    CONNECTED,
    /** Devices without an open control channel. */
    DISCONNECTED,
    /** Devices whose status is disabled. */
    DISABLED;

    /**
     * Returns the state named {@code name} (any case), {@link #ANY} for null or empty.
     *
     * @throws HubException BAD_REQUEST naming the allowed values
     */
    public static State parse(String name) {
      if (name == null || name.isEmpty()) {
        return ANY;
      }
      try {
        return valueOf(name.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw HubException.badRequest(
            "state must be any, connected, disconnected or disabled (got '" + name + "')");
      }
    }
  }

  /**
   * Checks the parts.
   *
   * @throws HubException BAD_REQUEST for a text too long or a page size out of range
   */
  public DeviceSearchQuery {
    text = text == null ? "" : text.strip();
    if (text.length() > MAX_TEXT) {
      throw HubException.badRequest("search text is longer than " + MAX_TEXT + " characters");
    }
    if (state == null) {
      state = State.ANY;
    }
    if (top < 1 || top > MAX_TOP) {
      throw HubException.badRequest("top must be from 1 to " + MAX_TOP + " (got " + top + ")");
    }
  }
}
