package io.devstreams.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.devstreams.protocol.tunnel.TestCertificates;
import io.devstreams.protocol.tunnel.TestCertificates.DeviceFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real TLS through a JDK server whose identity is the key manager over replaceable PEM files. */
class ReloadingKeyManagerTest {

  @TempDir Path dir;

  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2025-01-01T00:00:00Z"));
  private final Clock clock =
      new Clock() {
        @Override
        public Instant instant() {
          return now.get();
        }

        @Override
        public ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }
      };
  private SSLServerSocket server;
  private int copies;

  @AfterEach
  void closeServer() throws IOException {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void newConnectionsGetTheRenewedCertificateWhileAnOpenOneCarriesOn() throws Exception {
    DeviceFiles a = TestCertificates.device(dir, "a", "-1d", 90);
    DeviceFiles b = TestCertificates.device(dir, "b", "-1d", 90);
    Path cert = copy(a.certificatePem(), "cert.pem");
    Path key = copy(a.keyPem(), "key.pem");
    startEchoServer(new ReloadingKeyManager(cert, key, clock));

    try (SSLSocket before = connect(a, b)) {
      assertThat(before.getSession().getPeerCertificates()[0]).isEqualTo(a.certificate());
      assertThat(echo(before, 1)).isEqualTo(1);

      copy(b.certificatePem(), "cert.pem");
      copy(b.keyPem(), "key.pem");
      now.set(now.get().plus(ReloadingKeyManager.CHECK_EVERY));

      try (SSLSocket after = connect(a, b)) {
        assertThat(after.getSession().getPeerCertificates()[0]).isEqualTo(b.certificate());
        assertThat(echo(after, 2)).isEqualTo(2);
      }
      assertThat(echo(before, 3)).as("the connection opened before the renewal").isEqualTo(3);
    }
  }

  @Test
  void filesAreLookedAtAgainOnlyAfterTheInterval() throws Exception {
    DeviceFiles a = TestCertificates.device(dir, "a", "-1d", 90);
    DeviceFiles b = TestCertificates.device(dir, "b", "-1d", 90);
    Path cert = copy(a.certificatePem(), "cert.pem");
    Path key = copy(a.keyPem(), "key.pem");
    ReloadingKeyManager keys = new ReloadingKeyManager(cert, key, clock);

    copy(b.certificatePem(), "cert.pem");
    copy(b.keyPem(), "key.pem");

    assertThat(keys.identity().chain()[0]).isEqualTo(a.certificate());
    now.set(now.get().plus(ReloadingKeyManager.CHECK_EVERY));
    assertThat(keys.identity().chain()[0]).isEqualTo(b.certificate());
  }

  @Test
  void aHalfDoneReplacementKeepsThePreviousIdentityUntilTheFilesAreWhole() throws Exception {
    DeviceFiles a = TestCertificates.device(dir, "a", "-1d", 90);
    DeviceFiles b = TestCertificates.device(dir, "b", "-1d", 90);
    Path cert = copy(a.certificatePem(), "cert.pem");
    Path key = copy(a.keyPem(), "key.pem");
    ReloadingKeyManager keys = new ReloadingKeyManager(cert, key, clock);

    copy(b.certificatePem(), "cert.pem"); // the new certificate, still the old key
    now.set(now.get().plus(ReloadingKeyManager.CHECK_EVERY));
    assertThat(keys.identity().chain()[0]).isEqualTo(a.certificate());
    assertThat(keys.getPrivateKey("devstreams")).isEqualTo(keys.identity().key());

    copy(b.keyPem(), "key.pem");
    now.set(now.get().plus(ReloadingKeyManager.CHECK_EVERY));
    assertThat(keys.identity().chain()[0]).isEqualTo(b.certificate());
  }

  private Path copy(Path from, String name) throws IOException {
    Path to = dir.resolve(name);
    Path tmp = dir.resolve(name + ".tmp");
    Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
    // A later modification time than the file replaced, even within the file system's resolution.
    Files.setLastModifiedTime(
        tmp, java.nio.file.attribute.FileTime.from(Instant.now().plusSeconds(copies++)));
    return Files.move(tmp, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private void startEchoServer(ReloadingKeyManager keys) throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(new KeyManager[] {keys}, null, null);
    server =
        (SSLServerSocket)
            context
                .getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor =
        new Thread(
            () -> {
              while (!server.isClosed()) {
                try {
                  SSLSocket s = (SSLSocket) server.accept();
                  Thread echo = new Thread(() -> echoAll(s));
                  echo.setDaemon(true);
                  echo.start();
                } catch (IOException e) {
                  return;
                }
              }
            });
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private static void echoAll(SSLSocket s) {
    try (s;
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream()) {
      int b;
      while ((b = in.read()) >= 0) {
        out.write(b);
        out.flush();
      }
    } catch (IOException e) {
      // the client went
    }
  }

  /** A client with a TLS context of its own (no session to resume) trusting both certificates. */
  private SSLSocket connect(DeviceFiles... trusted) throws Exception {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    for (DeviceFiles t : trusted) {
      Certificate c = t.certificate();
      store.setCertificateEntry(t.certificatePem().getFileName().toString(), c);
    }
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    SSLSocket socket =
        (SSLSocket)
            context
                .getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort());
    socket.setSoTimeout((int) Duration.ofSeconds(30).toMillis());
    socket.startHandshake();
    return socket;
  }

  private static int echo(SSLSocket socket, int value) throws IOException {
    socket.getOutputStream().write(value);
    socket.getOutputStream().flush();
    return socket.getInputStream().read();
  }
}
