/**
 * End-to-end tests: the real hub, CLI and agent started as processes, spoken to over real TLS on
 * loopback. Fixtures here start and stop what a test needs; they never assume anything is already
 * running.
 */
package io.devstreams.it;
