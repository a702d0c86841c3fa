/**
 * The measuring side of {@code bin/devstreams-bench}: TCP targets (sink, source, echo), the clients
 * that time bulk transfers, stream set-up and round trips through the tunnel and through baselines
 * (direct TCP, a socat relay, an OpenSSH reverse tunnel) in the same run, the CPU and memory probes
 * that read {@code /proc}, and the report (a table and JSON). Plain JDK, plus the service library
 * for the in-process set-up case.
 */
package io.devstreams.bench;
