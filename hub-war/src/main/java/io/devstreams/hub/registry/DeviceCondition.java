package io.devstreams.hub.registry;

import java.util.List;

/**
 * A {@code WHERE} condition of a device query, as a tree that tests a {@link DeviceView}.
 *
 * <p>Values compare as Azure compares strings: exactly, case included.
 */
public sealed interface DeviceCondition {

  /** Returns whether the device satisfies this condition. */
  boolean test(DeviceView device);

  /** The condition of a query without {@code WHERE}: every device. */
  DeviceCondition ALL = new All();

  /** Every device. */
  record All() implements DeviceCondition {
    @Override
    public boolean test(DeviceView device) {
      return true;
    }
  }

  /** Both sides hold. */
  record And(DeviceCondition left, DeviceCondition right) implements DeviceCondition {
    @Override
    public boolean test(DeviceView device) {
      return left.test(device) && right.test(device);
    }
  }

  /** Either side holds. */
  record Or(DeviceCondition left, DeviceCondition right) implements DeviceCondition {
    @Override
    public boolean test(DeviceView device) {
      return left.test(device) || right.test(device);
    }
  }

  /** The condition does not hold. */
  record Not(DeviceCondition condition) implements DeviceCondition {
    @Override
    public boolean test(DeviceView device) {
      return !condition.test(device);
    }
  }

  /**
   * A field equals (or, negated, differs from) one of the values: {@code =}, {@code !=}, {@code <>}
   * and {@code IN [...]}.
   *
   * @param field the device field
   * @param values the values compared with, at least one
   * @param negated true for {@code !=} and {@code <>}, and {@code NIN}
   */
  record Comparison(Field field, List<String> values, boolean negated) implements DeviceCondition {

    /** Copies the values. */
    public Comparison {
      values = List.copyOf(values);
    }

    @Override
    public boolean test(DeviceView device) {
      return values.contains(field.valueOf(device)) != negated;
    }
  }

  /** The device fields a query can compare, named as in Azure's device twin. */
  enum Field {
    /** The device id. */
    DEVICE_ID("deviceId"),
    /** {@code enabled} or {@code disabled}. */
    STATUS("status"),
    /** {@code Connected} or {@code Disconnected}. */
    CONNECTION_STATE("connectionState"),
    /** {@code sas} or {@code selfSigned}. */
    AUTHENTICATION_TYPE("authenticationType");

    private final String queryName;

    Field(String queryName) {
      this.queryName = queryName;
    }

    /** Returns the name a query uses. */
    public String queryName() {
      return queryName;
    }

    String valueOf(DeviceView device) {
      return switch (this) {
        case DEVICE_ID -> device.deviceId();
        case STATUS -> device.status().wireName();
        case CONNECTION_STATE -> device.connectionState().wireName();
        case AUTHENTICATION_TYPE -> device.authType().wireName();
      };
    }
  }
}
