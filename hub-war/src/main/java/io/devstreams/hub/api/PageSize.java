package io.devstreams.hub.api;

import io.devstreams.hub.errors.HubException;
import io.devstreams.hub.settings.HubSettings;

/** The {@code top} query parameter of paged listings: the hub's page size unless given. */
final class PageSize {

  private PageSize() {}

  /**
   * Returns {@code top} as a page size, or the default page size when it is absent.
   *
   * @throws HubException BAD_REQUEST unless it is a whole number from 1 to the maximum page size
   */
  static int parse(String top, HubSettings settings) {
    return parse(top, "top", settings);
  }

  /**
   * Returns a page size given in the parameter or header {@code name}, or the default page size
   * when it is absent.
   *
   * @throws HubException BAD_REQUEST unless it is a whole number from 1 to the maximum page size
   */
  static int parse(String top, String name, HubSettings settings) {
    if (top == null) {
      return settings.pageSize();
    }
    int max = settings.maxPageSize();
    int value;
    try {
      value = Integer.parseInt(top.strip());
    } catch (NumberFormatException e) {
      throw badTop(name, top, max);
    }
    if (value < 1 || value > max) {
      throw badTop(name, top, max);
    }
    return value;
  }

  private static HubException badTop(String name, String top, int max) {
    return HubException.badRequest(
        name + " must be a whole number from 1 to " + max + " (got '" + top + "')");
  }
}
