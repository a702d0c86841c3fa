package io.devstreams.protocol.tunnel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
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
