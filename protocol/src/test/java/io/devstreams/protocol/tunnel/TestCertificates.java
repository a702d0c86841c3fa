package io.devstreams.protocol.tunnel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A self-signed certificate for {@code 127.0.0.1} and {@code localhost} made with the JDK's {@code
 * keytool}, as {@code bin/devstreams-hub} makes the hub's: the PEM for clients and a server TLS
 * context for {@link TestWebSocketServer#startTls}.
 *
 * @param pem the exported certificate, as a hub's {@code hub-cert.pem}
 * @param serverContext a TLS context serving that certificate with its key
 */
public record TestCertificates(Path pem, SSLContext serverContext) {

  private static final String PASSWORD = "test-only-password";

  /** Creates the key pair and certificate in {@code dir} (a {@code @TempDir}). */
  public static TestCertificates create(Path dir) throws IOException, GeneralSecurityException {
    Path keystore = dir.resolve("hub-keystore.p12");
    Path pem = dir.resolve("hub-cert.pem");
    keytool(
        "-genkeypair",
        "-alias",
        "hub",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=localhost, O=devstreams test",
        "-ext",
        "SAN=dns:localhost,ip:127.0.0.1",
        "-validity",
        "2",
        "-keystore",
        keystore.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        PASSWORD,
        "-keypass",
        PASSWORD);
    String exported =
        keytool(
            "-exportcert",
            "-rfc",
            "-alias",
            "hub",
            "-keystore",
            keystore.toString(),
            "-storepass",
            PASSWORD);
    Files.writeString(pem, exported);
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      store.load(in, PASSWORD.toCharArray());
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, PASSWORD.toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    return new TestCertificates(pem, context);
  }

  /**
   * A device's self-signed certificate and key, made with keytool in {@code dir}: the PEM
   * certificate, the unencrypted PKCS#8 PEM key (as {@code openssl req -nodes} writes it) and the
   * certificate itself.
   *
   * @param certificatePem the certificate file
   * @param keyPem the key file
   * @param certificate the certificate
   */
  public record DeviceFiles(Path certificatePem, Path keyPem, X509Certificate certificate) {}

  /**
   * Creates a device certificate for {@code CN=name} valid for {@code days} from {@code start}
   * (keytool's {@code -startdate}, e.g. {@code -3d} for one that began three days ago).
   */
  public static DeviceFiles device(Path dir, String name, String start, int days)
      throws IOException, GeneralSecurityException {
    Path keystore = dir.resolve(name + ".p12");
    keytool(
        "-genkeypair",
        "-alias",
        name,
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=" + name,
        "-startdate",
        start,
        "-validity",
        String.valueOf(days),
        "-keystore",
        keystore.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        PASSWORD,
        "-keypass",
        PASSWORD);
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      store.load(in, PASSWORD.toCharArray());
    }
    X509Certificate certificate = (X509Certificate) store.getCertificate(name);
    Key key = store.getKey(name, PASSWORD.toCharArray());
    Path certificatePem = dir.resolve(name + "-cert.pem");
    Path keyPem = dir.resolve(name + "-key.pem");
    Files.writeString(certificatePem, pem("CERTIFICATE", certificate.getEncoded()));
    Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded()));
    return new DeviceFiles(certificatePem, keyPem, certificate);
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static String keytool(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IOException("keytool failed: " + output.strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted waiting for keytool", e);
    }
    return output;
  }
}
