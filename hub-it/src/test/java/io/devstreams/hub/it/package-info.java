/**
 * In-server tests of the hub: Arquillian deploys the built WAR with these classes added to Payara
 * Micro and runs each test inside it, with the real CDI beans, JPA and the WAR's default in-memory
 * H2. They test beans, not the wire: the end-to-end tests in {@code src-it} cover HTTP and
 * WebSocket against the launched hub.
 */
package io.devstreams.hub.it;
