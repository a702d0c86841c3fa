package io.devstreams.hub.registry;

import java.util.List;

/**
 * One page of devices in id order.
 *
 * @param devices the devices on this page
 * @param continuation the opaque token for the next page, or null on the last page
 */
public record DevicePage(List<DeviceView> devices, String continuation) {

  /** Copies the list. */
  public DevicePage {
    devices = List.copyOf(devices);
  }
}
