package io.devstreams.hub.registry;

import io.devstreams.hub.errors.HubException;

/** How a device authenticates, spelled on the wire as Azure IoT Hub spells it. */
public enum AuthType {
  /** Symmetric keys and SAS tokens; the only kind implemented so far. */
  SAS("sas"),
  /** A self-signed X.509 certificate identified by thumbprint (not implemented yet). */
  SELF_SIGNED("selfSigned"),
  /** No credentials: the device cannot connect (not implemented yet). */
  NONE("none");

  private final String wireName;

  AuthType(String wireName) {
    this.wireName = wireName;
  }

  /** Returns the wire spelling, for example {@code sas}. */
  public String wireName() {
    return wireName;
  }

  /**
   * Returns the type with this exact wire spelling.
   *
   * @throws HubException BAD_REQUEST naming the allowed values
   */
  public static AuthType fromWireName(String name) {
    for (AuthType type : values()) {
      if (type.wireName.equals(name)) {
        return type;
      }
    }
    throw HubException.badRequest(
        "authentication type must be 'sas', 'selfSigned' or 'none' (got '" + name + "')");
  }
}
