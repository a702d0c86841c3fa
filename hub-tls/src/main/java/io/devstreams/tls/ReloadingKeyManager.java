package io.devstreams.tls;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The hub's server key manager when the operator brings a PEM certificate and key: every handshake
 * gets the identity read from the files, and the files are looked at again (their real path, size
 * and modification time; at most once per {@link #CHECK_EVERY}) so that a renewed certificate
 * (Let's Encrypt's every 60 days) is served to new connections without a restart. Connections
 * already open keep the session they have. A replacement that cannot be read (a half-written file,
 * a key that is not the certificate's) is logged and the previous identity kept until the files are
 * whole again.
 */
public final class ReloadingKeyManager extends X509ExtendedKeyManager {

  /** How often, at most, the files are looked at. */
  public static final Duration CHECK_EVERY = Duration.ofSeconds(1);

  private static final System.Logger LOG = System.getLogger(ReloadingKeyManager.class.getName());
  private static final String ALIAS = "devstreams";

  private final Path certFile;
  private final Path keyFile;
  private final Clock clock;
  private volatile Loaded current;
  private volatile Instant nextCheck;

  /**
   * The identity whose key this thread was last handed: the JDK asks for a handshake's key and then
   * its chain, and a reload between the two must not pair a new chain with the old key.
   */
  private final ThreadLocal<PemIdentity> handed = new ThreadLocal<>();

  /** An identity and the state of the files it was read from. */
  private record Loaded(PemIdentity identity, List<Object> files) {}

  /**
   * Reads the identity now.
   *
   * @throws IllegalArgumentException one line naming the file and the problem
   */
  public ReloadingKeyManager(Path certFile, Path keyFile, Clock clock) {
    this.certFile = Objects.requireNonNull(certFile, "certFile");
    this.keyFile = Objects.requireNonNull(keyFile, "keyFile");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.current = new Loaded(PemIdentity.read(certFile, keyFile), state());
    this.nextCheck = clock.instant().plus(CHECK_EVERY);
  }

  /** Returns the identity served now, after looking at the files if it is time to. */
  public PemIdentity identity() {
    Instant now = clock.instant();
    if (!now.isBefore(nextCheck)) {
      synchronized (this) {
        if (!now.isBefore(nextCheck)) {
          nextCheck = now.plus(CHECK_EVERY);
          reloadIfChanged();
        }
      }
    }
    return current.identity();
  }

  private void reloadIfChanged() {
    List<Object> files = state();
    if (files.equals(current.files())) {
      return;
    }
    try {
      PemIdentity renewed = PemIdentity.read(certFile, keyFile);
      current = new Loaded(renewed, files);
      X509Certificate served = renewed.chain()[0];
      LOG.log(
          Level.INFO,
          "TLS certificate reloaded from {0}: {1}, valid until {2}",
          certFile,
          served.getSubjectX500Principal().getName(),
          served.getNotAfter().toInstant());
    } catch (IllegalArgumentException e) {
      // The files' state is noted: they are read again, and logged again, once they change.
      current = new Loaded(current.identity(), files);
      LOG.log(
          Level.WARNING,
          "TLS certificate not reloaded, still serving the previous one: " + e.getMessage());
    }
  }

  /** The files' real paths, sizes and modification times (symbolic links followed). */
  private List<Object> state() {
    try {
      return List.of(attributes(certFile), attributes(keyFile));
    } catch (IOException e) {
      return List.of("unreadable: " + e.getMessage());
    }
  }

  private static List<Object> attributes(Path file) throws IOException {
    BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
    return List.of(file.toRealPath().toString(), a.size(), a.lastModifiedTime().toMillis());
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return keyType.equals(identity().key().getAlgorithm()) ? ALIAS : null;
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return chooseEngineServerAlias(keyType, issuers, null);
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return keyType.equals(identity().key().getAlgorithm()) ? new String[] {ALIAS} : null;
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    PemIdentity mine = handed.get();
    handed.remove();
    return (mine != null ? mine : identity()).chain();
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    PemIdentity now = identity();
    handed.set(now);
    return now.key();
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return null; // a server identity only
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return null;
  }

  @Override
  public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
    return null;
  }
}
