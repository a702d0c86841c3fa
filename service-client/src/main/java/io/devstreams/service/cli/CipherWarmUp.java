package io.devstreams.service.cli;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Gets the master's AES-GCM compiled before the first large copy through it. TLS 1.3 encrypts
 * record by record through {@link Cipher}, and the JDK's AES-GCM runs at full speed only once the
 * JIT's top tier has compiled its callers, which it does after some ten thousand records: a fresh
 * master's first 200 MiB {@code scp} ran at half the rate of its third (22, 42, then 62 MB/s
 * upload, measured by hand; JFR put the first copies' samples in {@code CounterMode.implCrypt} and
 * {@code GaloisCounterMode}). Here the same calls run on records of a throwaway key, most of them
 * short (the number of calls is what the JIT counts), every sixteenth a full 16 KiB record.
 *
 * <p>The master starts it once its first stream is open. A/B on a held bench, a fresh master each
 * time, four times each: its first 200 MiB upload 22-55 MB/s without (median 46), 42-63 with
 * (median 61); started with the master instead, it made the first ssh connection 0.1-0.3 s slower.
 */
final class CipherWarmUp {

  /** Records encrypted and decrypted: past the JIT's top-tier invocation threshold (15,000). */
  static final int RECORDS = 20_000;

  private static final int SHORT = 512;
  private static final int FULL = 16 * 1024;
  private static final int TAG_BITS = 128;

  private CipherWarmUp() {}

  /** Starts the warm-up on a daemon thread of the lowest priority. */
  static void startInBackground() {
    Thread t =
        new Thread(
            () -> {
              try {
                run(RECORDS);
              } catch (GeneralSecurityException e) {
                // no AES-GCM here: the real connection would have failed first
              }
            },
            "devstreams-master-warm-up");
    t.setDaemon(true);
    t.setPriority(Thread.MIN_PRIORITY);
    t.start();
  }

  /**
   * Encrypts and decrypts {@code records} records as TLS 1.3 does (a new nonce per record, the
   * header as additional data, heap buffers); returns how many came back intact.
   */
  static int run(int records) throws GeneralSecurityException {
    SecureRandom random = new SecureRandom();
    byte[] keyBytes = new byte[32];
    random.nextBytes(keyBytes);
    SecretKeySpec key = new SecretKeySpec(keyBytes, "AES");
    Cipher encrypt = Cipher.getInstance("AES/GCM/NoPadding");
    Cipher decrypt = Cipher.getInstance("AES/GCM/NoPadding");
    byte[] plain = new byte[FULL];
    random.nextBytes(plain);
    byte[] sealed = new byte[FULL + TAG_BITS / 8];
    byte[] opened = new byte[FULL];
    byte[] header = {23, 3, 3, 0, 0};
    byte[] nonce = new byte[12];
    int intact = 0;
    for (int i = 0; i < records; i++) {
      int length = i % 16 == 0 ? FULL : SHORT;
      nonce[11] = (byte) i;
      nonce[10] = (byte) (i >>> 8);
      GCMParameterSpec spec = new GCMParameterSpec(TAG_BITS, nonce);
      encrypt.init(Cipher.ENCRYPT_MODE, key, spec);
      encrypt.updateAAD(header);
      ByteBuffer out = ByteBuffer.wrap(sealed);
      encrypt.doFinal(ByteBuffer.wrap(plain, 0, length), out);
      decrypt.init(Cipher.DECRYPT_MODE, key, spec);
      decrypt.updateAAD(header);
      ByteBuffer back = ByteBuffer.wrap(opened);
      decrypt.doFinal(ByteBuffer.wrap(sealed, 0, out.position()), back);
      if (back.position() == length
          && java.util.Arrays.equals(opened, 0, length, plain, 0, length)) {
        intact++;
      }
    }
    return intact;
  }
}
