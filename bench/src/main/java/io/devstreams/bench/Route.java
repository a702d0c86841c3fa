package io.devstreams.bench;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * One way from the client to the targets, with the processes that carry it: {@value #TUNNEL} (the
 * tunnel as users get it, protocol v2 through {@code forward}), {@value #V1}, and the baselines.
 */
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

  /**
   * The same tunnel with protocol v1 on the service side ({@code forward --protocol 1}: a REST call
   * and a WebSocket of its own per stream), to the same v2 agent.
   */
  static final String V1 = "v1";

  /** Every route the endpoints file may name, the tunnel first. */
  static final List<String> NAMES = List.of(TUNNEL, V1, "socat", "direct", "openssh");

  /** The relay, device-side and service-side processes together. */
  List<Long> all() {
    List<Long> all = new ArrayList<>(relay);
    all.addAll(deviceSide);
    all.addAll(serviceSide);
    return all;
  }
}
