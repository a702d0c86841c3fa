/**
 * The trust decision of the hub's device-certificate listener, made during the TLS handshake, and
 * the hub's own identity when the operator brings a PEM certificate and key (reloaded when the
 * files change; key manager factory {@value io.devstreams.tls.HubKeyProvider#ALGORITHM}).
 *
 * <p>Payara builds a listener's TLS context at boot, before the hub WAR is deployed, so this
 * package is loaded as a Java agent ({@code -javaagent}) that registers a JCA provider with the
 * trust manager factory {@value io.devstreams.tls.DeviceTrustProvider#ALGORITHM}. The hub WAR, once
 * started, installs the registry check with {@link io.devstreams.tls.DeviceCertificates#install};
 * until then every client certificate is refused. JDK only: the WAR must not package these classes
 * (its dependency is {@code provided}), so both sides share one copy from the system class path.
 * See ADR 0005.
 */
package io.devstreams.tls;
