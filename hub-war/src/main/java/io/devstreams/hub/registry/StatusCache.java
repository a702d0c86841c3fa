package io.devstreams.hub.registry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Device statuses read from the registry, kept until the device changes. A read that overlaps an
 * invalidation is not kept: {@link #invalidate} counts, and a value is stored only if no
 * invalidation came between the start of its read and its end, so a status read before a commit
 * never outlives the commit's invalidation. At most {@code capacity} devices are kept; beyond,
 * reads go to the registry.
 */
final class StatusCache {

  private final int capacity;
  private final Map<String, DeviceStatus> known = new ConcurrentHashMap<>();
  private long invalidations; // guarded by this

  StatusCache(int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity must not be negative: " + capacity);
    }
    this.capacity = capacity;
  }

  /**
   * Returns the device's status, reading it with {@code read} (which throws for no such device:
   * nothing is kept then) unless it is known.
   */
  DeviceStatus get(String deviceId, Function<String, DeviceStatus> read) {
    DeviceStatus status = known.get(deviceId);
    if (status != null) {
      return status;
    }
    long before;
    synchronized (this) {
      before = invalidations;
    }
    status = read.apply(deviceId);
    synchronized (this) {
      if (invalidations == before && known.size() < capacity) {
        known.put(deviceId, status);
      }
    }
    return status;
  }

  /** Forgets the device's status: call it once a change to the device has committed. */
  synchronized void invalidate(String deviceId) {
    invalidations++;
    known.remove(deviceId);
  }

  /** Returns how many devices' statuses are kept. */
  int size() {
    return known.size();
  }
}
