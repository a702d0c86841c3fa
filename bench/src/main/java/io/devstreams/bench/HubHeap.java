package io.devstreams.bench;

/** The heap the hub ran with, which its resident set follows. */
final class HubHeap {

  /** bin/devstreams-hub's heap when DEVSTREAMS_HUB_HEAP is not set. */
  static final String DEFAULT = "512m";

  private HubHeap() {}

  /**
   * A note for memory rows: the full run gives the hub 1 GiB for case 5, twice its own default;
   * null when the bench did not say.
   */
  static String note() {
    String heap = System.getenv("DEVSTREAMS_HUB_HEAP");
    if (heap == null || heap.isBlank()) {
      return null;
    }
    return "hub heap "
        + heap
        + (heap.equals(DEFAULT)
            ? ", the hub's default"
            : ", which the RSS follows; DEVSTREAMS_HUB_HEAP=" + DEFAULT + " for the hub's default");
  }
}
