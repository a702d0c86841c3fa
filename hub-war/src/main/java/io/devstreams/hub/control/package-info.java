/**
 * Devices' control channels and stream initiation: which device is online on which channel, its
 * heartbeat, how many control connections each remote address holds, and the request/response
 * exchange that turns a service's stream request into a pending stream in the broker.
 * Transport-free: the WebSocket adapter lives in {@code control.ws}.
 */
package io.devstreams.hub.control;
