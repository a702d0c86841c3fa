/**
 * The measuring side of {@code bin/devstreams-bench}: TCP targets (sink, source, echo), one class
 * per case of issue 4 ({@code *Case}) with the clients that time bulk transfers, stream set-up,
 * round trips and many concurrent streams through the tunnel and through baselines (direct TCP, a
 * socat relay, an OpenSSH reverse tunnel) in the same run, light idle devices, the CPU and memory
 * probes that read {@code /proc} and the hub's {@code /metrics}, and the report (a table and JSON).
 * Plain JDK, plus the service library for the in-process cases.
 */
package io.devstreams.bench;
