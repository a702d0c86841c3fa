package io.devstreams.protocol;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/** Computes HMAC-SHA256 with the openssl command line, independently of the code under test. */
final class OpenSsl {

  private OpenSsl() {}

  /** Returns base64(HMAC-SHA256(key, message)) as computed by {@code openssl dgst}. */
  static String hmacSha256Base64(byte[] key, String message) {
    ProcessBuilder builder =
        new ProcessBuilder(
            "openssl",
            "dgst",
            "-sha256",
            "-mac",
            "HMAC",
            "-macopt",
            "hexkey:" + HexFormat.of().formatHex(key));
    builder.redirectErrorStream(true);
    try {
      Process process = builder.start();
      try (OutputStream stdin = process.getOutputStream()) {
        stdin.write(message.getBytes(StandardCharsets.UTF_8));
      }
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        return fail("openssl dgst failed: " + output.strip());
      }
      String hex = output.strip().substring(output.strip().lastIndexOf(' ') + 1);
      return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
    } catch (IOException e) {
      return fail("openssl is needed by this test and could not be run (install openssl)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail("interrupted while waiting for openssl", e);
    }
  }

  /** Percent-encodes a base64 signature by hand, without the encoder under test. */
  static String encodeSignature(String base64) {
    return base64.replace("+", "%2B").replace("/", "%2F").replace("=", "%3D");
  }
}
