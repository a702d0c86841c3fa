package io.devstreams.device.cli;

import io.devstreams.protocol.ConnectionString;
import io.devstreams.protocol.tunnel.Heartbeat;
import io.devstreams.protocol.tunnel.HubEndpoint;

/**
 * Everything the agent needs, validated: the device's credentials, how to reach the hub and which
 * services streams may reach.
 *
 * @param device the device connection string
 * @param endpoint the hub endpoint (host, trust, proxy)
 * @param services the services by stream name
 * @param heartbeat how often to ping a silent hub, and when to give up on it
 * @param maxBackoff the longest wait between two reconnect attempts
 * @param protocol 2 (streams on the agent's one connection) or 1 (a WebSocket per stream)
 */
record AgentSettings(
    ConnectionString device,
    HubEndpoint endpoint,
    ServiceMap services,
    Heartbeat heartbeat,
    java.time.Duration maxBackoff,
    int protocol) {}
