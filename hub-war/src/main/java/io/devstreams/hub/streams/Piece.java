package io.devstreams.hub.streams;

/**
 * A piece of what one side of a stream sent, as its partner takes it: bytes of stream data, or a
 * part of a text message (the stream's own control JSON, such as {@code {"type":"fin"}}).
 *
 * <p>Every piece's array has {@link #HEADROOM} bytes before {@code offset} that whoever took the
 * piece may overwrite, so that it writes a frame header and the bytes with one write.
 *
 * <p>Data pieces carry no message boundaries: a stream is a byte stream. Text pieces keep them:
 * {@code first} starts a message and {@code last} ends it, so a message cut into pieces is put back
 * together by whoever needs it whole.
 *
 * @param text whether the bytes belong to a text message
 * @param array the bytes, valid until the piece is taken
 * @param offset where they start
 * @param length how many there are (a text piece may be empty)
 * @param first whether a text piece starts its message
 * @param last whether a text piece ends its message
 */
public record Piece(
    boolean text, byte[] array, int offset, int length, boolean first, boolean last) {

  /** Bytes free before every piece's offset: room for a WebSocket and a v2 frame header. */
  public static final int HEADROOM = 16;

  /** The text message that half-closes a direction (docs/protocol.md, section 5). */
  public static final byte[] FIN_JSON =
      "{\"type\":\"fin\"}".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /** Checks that the headroom is there. */
  public Piece {
    if (offset < HEADROOM || length < 0 || offset + length > array.length) {
      throw new IllegalArgumentException("piece outside its array or without headroom");
    }
  }

  /** Returns a data piece. */
  public static Piece data(byte[] array, int offset, int length) {
    return new Piece(false, array, offset, length, true, true);
  }

  /** Returns the whole {@code fin} text message as one piece, in an array of its own. */
  public static Piece fin() {
    byte[] array = new byte[HEADROOM + FIN_JSON.length];
    System.arraycopy(FIN_JSON, 0, array, HEADROOM, FIN_JSON.length);
    return new Piece(true, array, HEADROOM, FIN_JSON.length, true, true);
  }
}
