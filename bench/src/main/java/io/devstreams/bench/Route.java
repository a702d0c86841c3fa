package io.devstreams.bench;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/** One way from the client to the targets, with the processes that carry it. */
record Route(
    String name,
    InetSocketAddress sink,
    InetSocketAddress source,
    InetSocketAddress echo,
    List<Long> relay,
    List<Long> deviceSide,
    List<Long> serviceSide) {

  /** The route through the hub that every other route is compared with. */
  static final String TUNNEL = "devstreams";

  /** Every route the endpoints file may name, the tunnel first. */
  static final List<String> NAMES = List.of(TUNNEL, "socat", "direct", "openssh");

  /** The relay, device-side and service-side processes together. */
  List<Long> all() {
    List<Long> all = new ArrayList<>(relay);
    all.addAll(deviceSide);
    all.addAll(serviceSide);
    return all;
  }
}
