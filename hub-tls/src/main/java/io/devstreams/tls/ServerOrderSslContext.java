package io.devstreams.tls;

import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * The JDK's TLS context with one change: its engines ({@link ServerOrderEngine}) choose the cipher
 * suite in the hub's order ({@code jdk.tls.server.cipherSuites}, strongest first) rather than the
 * client's. Payara's listeners followed the client's order (Grizzly gives every engine parameters
 * saying so, and Payara has no setting for it): openssl s_client offering AES-128 first got it, and
 * testssl.sh grades that HIGH ("NOT a cipher order configured"). Everything else is SunJSSE's.
 */
public final class ServerOrderSslContext extends SSLContextSpi {

  private final SSLContext delegate;

  /** Created by the JCA through {@link HubKeyProvider}. */
  public ServerOrderSslContext() throws NoSuchAlgorithmException, NoSuchProviderException {
    this.delegate = SSLContext.getInstance("TLS", "SunJSSE");
  }

  @Override
  protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom random)
      throws KeyManagementException {
    delegate.init(km, tm, random);
  }

  @Override
  protected SSLEngine engineCreateSSLEngine() {
    return serverOrder(delegate.createSSLEngine());
  }

  @Override
  protected SSLEngine engineCreateSSLEngine(String host, int port) {
    return serverOrder(delegate.createSSLEngine(host, port));
  }

  @Override
  protected SSLSocketFactory engineGetSocketFactory() {
    return delegate.getSocketFactory();
  }

  @Override
  protected SSLServerSocketFactory engineGetServerSocketFactory() {
    return delegate.getServerSocketFactory();
  }

  @Override
  protected SSLSessionContext engineGetServerSessionContext() {
    return delegate.getServerSessionContext();
  }

  @Override
  protected SSLSessionContext engineGetClientSessionContext() {
    return delegate.getClientSessionContext();
  }

  @Override
  protected SSLParameters engineGetDefaultSSLParameters() {
    SSLParameters parameters = delegate.getDefaultSSLParameters();
    parameters.setUseCipherSuitesOrder(true);
    return parameters;
  }

  @Override
  protected SSLParameters engineGetSupportedSSLParameters() {
    return delegate.getSupportedSSLParameters();
  }

  /** The engine, kept in the server's order; a client engine ignores the setting. */
  private static SSLEngine serverOrder(SSLEngine engine) {
    return new ServerOrderEngine(engine);
  }
}
