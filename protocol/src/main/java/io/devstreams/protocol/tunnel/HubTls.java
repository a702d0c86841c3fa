package io.devstreams.protocol.tunnel;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds the TLS context a client trusts the hub with: exactly the certificates of one PEM file (a
 * self-signed hub's {@code hub-cert.pem}), or the JDK's default certificate authorities.
 */
public final class HubTls {

  private HubTls() {}

  /**
   * Returns an SSL context trusting exactly the certificates in {@code pemFile}, or the JDK's
   * default context when {@code pemFile} is null.
   *
   * @throws IllegalArgumentException if the file is missing, a directory, unreadable or holds no
   *     X.509 certificate; the one-line message names the file and the problem
   */
  public static SSLContext sslContext(Path pemFile) {
    return sslContext(pemFile, null);
  }

  /**
   * Returns an SSL context trusting exactly the certificates in {@code pemFile} (the JDK's default
   * authorities when it is null) and presenting {@code identity} when the hub asks for a client
   * certificate (none when it is null).
   *
   * @throws IllegalArgumentException as {@link #sslContext(Path)}
   */
  public static SSLContext sslContext(Path pemFile, ClientIdentity identity) {
    if (pemFile == null && identity == null) {
      try {
        return SSLContext.getDefault();
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("the JDK has no default TLS context", e);
      }
    }
    try {
      KeyStore trustStore = null;
      if (pemFile != null) {
        List<Certificate> certificates = certificates(pemFile);
        trustStore = KeyStore.getInstance(KeyStore.getDefaultType());
        trustStore.load(null, null);
        for (int i = 0; i < certificates.size(); i++) {
          trustStore.setCertificateEntry("hub-" + i, certificates.get(i));
        }
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trustStore);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(
          identity == null ? null : identity.keyManagers(), factory.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  /**
   * Reads every X.509 certificate in a PEM (or DER) file.
   *
   * @throws IllegalArgumentException naming the file and what is wrong with it
   */
  public static List<Certificate> certificates(Path pemFile) {
    return certificates(pemFile, "trust certificate file");
  }

  /** As {@link #certificates(Path)}, naming the file as {@code what} in messages. */
  public static List<Certificate> certificates(Path pemFile, String what) {
    String name = what + " '" + pemFile + "'";
    Collection<? extends Certificate> certificates;
    try {
      certificates =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(read(pemFile, name)));
    } catch (CertificateException e) {
      throw new IllegalArgumentException(name + " holds no PEM certificate", e);
    }
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException(name + " holds no PEM certificate");
    }
    return new ArrayList<>(certificates);
  }

  /**
   * Reads a whole file named {@code name} in messages.
   *
   * @throws IllegalArgumentException naming the file: a directory, missing, unreadable
   */
  static byte[] read(Path file, String name) {
    if (Files.isDirectory(file)) {
      throw new IllegalArgumentException(name + " is a directory");
    }
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(name + " does not exist", e);
    } catch (AccessDeniedException e) {
      throw new IllegalArgumentException(name + " is not readable (permission denied)", e);
    } catch (IOException e) {
      throw new IllegalArgumentException(name + " cannot be read: " + e.getMessage(), e);
    }
  }
}
