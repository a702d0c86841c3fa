package io.devstreams.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A firewalled device host: a network namespace this test creates, joined to the test's own
 * namespace by a veth pair on a private /24, whose firewall drops every inbound packet that is not
 * part of a connection the device opened (as a home router or a corporate firewall would). The
 * device can only dial out, which is all devstreams needs. Faults are injected here: random packet
 * loss with iptables' {@code statistic} match (this kernel has no netem) and a cut link. The
 * namespace, and the veth with it, is deleted on close.
 */
final class DeviceNetns implements AutoCloseable {
  private final String name;
  private final String hostVeth;
  private final String deviceVeth;
  private final String hostAddress;
  private final String deviceAddress;
  private boolean lossRules;

  private DeviceNetns(String name, int subnet) {
    this.name = name;
    this.hostVeth = name + "h";
    this.deviceVeth = name + "d";
    this.hostAddress = "10.231." + subnet + ".1";
    this.deviceAddress = "10.231." + subnet + ".2";
  }

  /** Creates the namespace, the link and the firewall; fails clearly if this host cannot. */
  static DeviceNetns create() {
    int id = ThreadLocalRandom.current().nextInt(1, 250);
    DeviceNetns ns = new DeviceNetns("dsit" + id + "x" + ProcessHandle.current().pid() % 1000, id);
    try {
      ns.setUp();
    } catch (RuntimeException | AssertionError e) {
      ns.close();
      throw e;
    }
    return ns;
  }

  private void setUp() {
    run("ip", "netns", "add", name);
    run("ip", "link", "add", hostVeth, "type", "veth", "peer", "name", deviceVeth);
    run("ip", "link", "set", deviceVeth, "netns", name);
    run("ip", "addr", "add", hostAddress + "/24", "dev", hostVeth);
    run("ip", "link", "set", hostVeth, "up");
    inside("ip", "addr", "add", deviceAddress + "/24", "dev", deviceVeth);
    inside("ip", "link", "set", deviceVeth, "up");
    inside("ip", "link", "set", "lo", "up");
    inside("iptables", "-A", "INPUT", "-i", "lo", "-j", "ACCEPT");
    inside(
        "iptables",
        "-A",
        "INPUT",
        "-m",
        "conntrack",
        "--ctstate",
        "ESTABLISHED,RELATED",
        "-j",
        "ACCEPT");
    inside("iptables", "-P", "INPUT", "DROP");
  }

  /** The test host's address on the link: where the device finds the hub. */
  String hostAddress() {
    return hostAddress;
  }

  /** The device's address (inbound connections to it are dropped). */
  String deviceAddress() {
    return deviceAddress;
  }

  /** Returns {@code ip netns exec NAME} to put before a command run on the device. */
  List<String> execPrefix() {
    return List.of("ip", "netns", "exec", name);
  }

  /** Drops {@code percent}% of the device's packets, each way, at random. */
  void loss(double percent) {
    String probability = String.format(java.util.Locale.ROOT, "%.4f", percent / 100);
    for (String chain : new String[] {"INPUT", "OUTPUT"}) {
      inside(
          "iptables",
          "-I",
          chain,
          "1",
          "-m",
          "statistic",
          "--mode",
          "random",
          "--probability",
          probability,
          "-j",
          "DROP");
    }
    lossRules = true;
  }

  /** Stops the packet loss. */
  void noLoss() {
    if (lossRules) {
      inside("iptables", "-D", "INPUT", "1");
      inside("iptables", "-D", "OUTPUT", "1");
      lossRules = false;
    }
  }

  /** Takes the device's link down (both ends lose carrier). */
  void linkDown() {
    inside("ip", "link", "set", deviceVeth, "down");
  }

  /** Brings the device's link back. */
  void linkUp() {
    inside("ip", "link", "set", deviceVeth, "up");
  }

  private void inside(String... cmd) {
    List<String> full = new ArrayList<>(execPrefix());
    full.addAll(List.of(cmd));
    run(full.toArray(String[]::new));
  }

  private static void run(String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new AssertionError(
            String.join(" ", cmd)
                + " failed (the fault tests need root, iproute2 and iptables): "
                + out.strip());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(String.join(" ", cmd) + " could not run", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  @Override
  public void close() {
    try {
      new ProcessBuilder("ip", "netns", "del", name).redirectErrorStream(true).start().waitFor();
      new ProcessBuilder("ip", "link", "del", hostVeth).redirectErrorStream(true).start().waitFor();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
