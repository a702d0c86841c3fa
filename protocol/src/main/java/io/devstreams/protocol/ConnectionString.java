package io.devstreams.protocol;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * An Azure-style connection string: a hub host with either a shared access policy (service side) or
 * a device id (device side), and the base64 key that signs SAS tokens; or, for a device that
 * authenticates with its X.509 certificate, {@code HostName=H;DeviceId=D;x509=true} and no key.
 *
 * <p>Exactly one of {@code sharedAccessKeyName} and {@code deviceId} is non-null. The host is
 * {@code host[:port]} (letters, digits, {@code - . : [ ]}), a policy name has 1-64 letters, digits,
 * {@code - _ .}, and a device id follows {@link DeviceIds}. The key never appears in {@link
 * #toString()} or in an exception message; use {@link #format()} to render the full string on
 * purpose.
 *
 * @param hostName the hub's public {@code host[:port]}
 * @param sharedAccessKeyName the policy name, or null for a device
 * @param deviceId the device id, or null for a policy
 * @param sharedAccessKey the key in standard base64, or null for an X.509 device
 * @param x509 whether the device authenticates with a certificate (its host is then the hub's
 *     device-certificate listener)
 */
public record ConnectionString(
    String hostName,
    String sharedAccessKeyName,
    String deviceId,
    String sharedAccessKey,
    boolean x509) {

  static final String HOST_NAME = "HostName";
  static final String KEY_NAME = "SharedAccessKeyName";
  static final String DEVICE_ID = "DeviceId";
  static final String KEY = "SharedAccessKey";
  static final String X509 = "x509";

  /**
   * Validates every part, with the same messages as {@link #parse}.
   *
   * @throws IllegalArgumentException naming the missing or bad part
   */
  public ConnectionString {
    checkHostName(hostName);
    if (sharedAccessKeyName != null && deviceId != null) {
      throw new IllegalArgumentException(
          "connection string has both " + DEVICE_ID + " and " + KEY_NAME);
    }
    if (sharedAccessKeyName == null && deviceId == null) {
      throw new IllegalArgumentException(
          "connection string has neither " + DEVICE_ID + " nor " + KEY_NAME);
    }
    if (sharedAccessKeyName != null) {
      checkPart(KEY_NAME, sharedAccessKeyName, ConnectionString::checkKeyName);
    } else {
      checkPart(DEVICE_ID, deviceId, DeviceIds::validate);
    }
    if (x509) {
      if (deviceId == null) {
        throw new IllegalArgumentException(
            "connection string has " + X509 + "=true, which only a device's may have");
      }
      if (sharedAccessKey != null) {
        throw new IllegalArgumentException(
            "connection string has both " + X509 + "=true and a " + KEY);
      }
    } else {
      checkKey(sharedAccessKey);
    }
  }

  /** A connection string with a key (not X.509). */
  public ConnectionString(
      String hostName, String sharedAccessKeyName, String deviceId, String sharedAccessKey) {
    this(hostName, sharedAccessKeyName, deviceId, sharedAccessKey, false);
  }

  /**
   * Parses {@code HostName=H;SharedAccessKeyName=N;SharedAccessKey=K} or {@code
   * HostName=H;DeviceId=D;SharedAccessKey=K} or {@code HostName=H;DeviceId=D;x509=true}; part names
   * are case-sensitive, parts may come in any order, and surrounding whitespace and one trailing
   * {@code ;} are tolerated.
   *
   * @throws IllegalArgumentException naming the missing, unknown, duplicated or bad part
   */
  public static ConnectionString parse(String text) {
    return ConnectionStringParser.parse(text);
  }

  /** Creates a service-side connection string for a shared access policy. */
  public static ConnectionString forService(String hostName, String keyName, String key) {
    return new ConnectionString(hostName, keyName, null, key);
  }

  /** Creates a device-side connection string. */
  public static ConnectionString forDevice(String hostName, String deviceId, String key) {
    return new ConnectionString(hostName, null, deviceId, key);
  }

  /**
   * Creates the connection string of a device that authenticates with its certificate.
   *
   * @param certificateHostName the {@code host:port} of the hub's device-certificate listener
   */
  public static ConnectionString forX509Device(String certificateHostName, String deviceId) {
    return new ConnectionString(certificateHostName, null, deviceId, null, true);
  }

  /** Returns whether this is a device's connection string (rather than a policy's). */
  public boolean isDevice() {
    return deviceId != null;
  }

  /**
   * Returns the decoded key; a fresh copy on each call.
   *
   * @throws IllegalStateException for an X.509 device, which has no key
   */
  public byte[] keyBytes() {
    if (x509) {
      throw new IllegalStateException(
          "device " + deviceId + " authenticates with its X.509 certificate and has no key");
    }
    return SasKeys.decode(sharedAccessKey);
  }

  /** Returns the SAS resource: {@code HOST} for a policy, {@code HOST/devices/ID} for a device. */
  public String sasResource() {
    return isDevice() ? hostName + "/devices/" + deviceId : hostName;
  }

  /**
   * Creates a SAS token for {@link #sasResource()} that expires {@code ttl} after the clock's now,
   * signed with this key and carrying the policy name as {@code skn} for a policy.
   *
   * @throws IllegalArgumentException if ttl is not positive
   * @throws IllegalStateException for an X.509 device, which has no key
   */
  public String createToken(Duration ttl, Clock clock) {
    Objects.requireNonNull(ttl, "ttl");
    Objects.requireNonNull(clock, "clock");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("token lifetime must be positive");
    }
    long expiry = clock.instant().plus(ttl).getEpochSecond();
    return SasToken.create(sasResource(), keyBytes(), expiry, sharedAccessKeyName);
  }

  /** Renders the canonical connection string, key included. */
  public String format() {
    String identity =
        isDevice() ? DEVICE_ID + "=" + deviceId : KEY_NAME + "=" + sharedAccessKeyName;
    if (x509) {
      return HOST_NAME + "=" + hostName + ";" + identity + ";" + X509 + "=true";
    }
    return HOST_NAME + "=" + hostName + ";" + identity + ";" + KEY + "=" + sharedAccessKey;
  }

  /** Describes the connection string with the key redacted. */
  @Override
  public String toString() {
    return "ConnectionString[hostName="
        + hostName
        + (isDevice() ? ", deviceId=" + deviceId : ", sharedAccessKeyName=" + sharedAccessKeyName)
        + (x509 ? ", x509=true]" : ", sharedAccessKey=<redacted>]");
  }

  private static void checkHostName(String hostName) {
    if (hostName == null) {
      throw new IllegalArgumentException("connection string has no " + HOST_NAME);
    }
    if (hostName.isEmpty()) {
      throw new IllegalArgumentException("connection string has an empty " + HOST_NAME);
    }
    for (int i = 0; i < hostName.length(); i++) {
      char c = hostName.charAt(i);
      if (!Identifiers.isAsciiLetterOrDigit(c) && "-.:[]".indexOf(c) < 0) {
        throw new IllegalArgumentException(
            HOST_NAME
                + " in the connection string contains "
                + Identifiers.describe(c)
                + " at position "
                + i
                + "; expected host[:port]");
      }
    }
  }

  private static void checkPart(String part, String value, Consumer<String> rule) {
    if (value.isEmpty()) {
      throw new IllegalArgumentException("connection string has an empty " + part);
    }
    try {
      rule.accept(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(part + " in the connection string: " + e.getMessage());
    }
  }

  private static void checkKeyName(String keyName) {
    String problem =
        Identifiers.problem("policy name", keyName, 64, "-_.", "letters, digits and - _ .");
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  private static void checkKey(String key) {
    if (key == null) {
      throw new IllegalArgumentException("connection string has no " + KEY);
    }
    if (key.isEmpty()) {
      throw new IllegalArgumentException("connection string has an empty " + KEY);
    }
    try {
      SasKeys.decode(key);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(KEY + " in the connection string is not valid base64");
    }
  }
}
