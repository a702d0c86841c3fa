package io.devstreams.hub.api.console;

import io.devstreams.hub.registry.DeviceSearchPage;
import java.util.List;

/**
 * One page of the console's device list.
 *
 * @param devices the devices on the page, in id order
 * @param continuation where the next page starts, or null on the last page
 * @param total how many devices match the search
 */
public record DevicePageJson(List<ConsoleDeviceJson> devices, String continuation, long total) {

  static DevicePageJson from(DeviceSearchPage page) {
    return new DevicePageJson(
        page.devices().stream().map(ConsoleDeviceJson::from).toList(),
        page.continuation(),
        page.total());
  }
}
