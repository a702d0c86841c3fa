package io.devstreams.hub.registry;

import java.util.List;

/**
 * One page of a device search in id order, with how many devices match in all.
 *
 * @param devices the devices on this page
 * @param continuation the opaque token for the next page, or null on the last page
 * @param total how many devices match the query, on every page
 */
public record DeviceSearchPage(List<DeviceView> devices, String continuation, long total) {

  /** Copies the list. */
  public DeviceSearchPage {
    devices = List.copyOf(devices);
  }
}
