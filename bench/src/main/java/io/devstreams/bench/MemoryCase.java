package io.devstreams.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The relays' resident memory after the run, the hub's next to its idle and peak figures. */
final class MemoryCase {

  private final Run run;

  MemoryCase(Run run) {
    this.run = run;
  }

  void run(long hubIdleKib) {
    Route tunnel = run.tunnel();
    long hubNow = Proc.rssKib(tunnel.relay());
    long hubPeak = Proc.peakRssKib(tunnel.relay());
    Route socat = run.routes.get("socat");
    Route ssh = run.routes.get("openssh");
    run.report.issueCase(0);
    run.report.addNoted(
        "relay RSS after the run (hub | socat | sshd)",
        "MiB",
        false,
        hubNow / 1024.0,
        String.format(
            Locale.ROOT,
            "hub idle %.0f MiB before the run, peak %.0f MiB",
            hubIdleKib / 1024.0,
            hubPeak / 1024.0),
        "socat",
        socat == null ? null : Proc.rssKib(socat.relay()) / 1024.0,
        "openssh",
        ssh == null ? null : Proc.rssKib(ssh.relay()) / 1024.0);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("hubIdleRssKib", hubIdleKib);
    m.put("hubRssKib", hubNow);
    m.put("hubPeakRssKib", hubPeak);
    m.put("agentRssKib", Proc.rssKib(tunnel.deviceSide()));
    m.put("forwardsRssKib", Proc.rssKib(tunnel.serviceSide()));
    run.details.put("memory", m);
  }
}
