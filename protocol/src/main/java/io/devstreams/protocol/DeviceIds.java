package io.devstreams.protocol;

/**
 * The rule for device ids: Azure IoT Hub's, minus {@code %}.
 *
 * <p>A device id has 1 to 128 characters, is case-sensitive, and uses ASCII letters, digits and
 * {@code - . _ * ? ! ( ) , : = @ $ '}. Azure also allows {@code %}; devstreams does not, because an
 * id travels percent-encoded in URL paths and in the {@code sr} of SAS tokens, and an id that may
 * itself contain {@code %} makes the decoded form ambiguous: {@code a%2Fb} could be that id or an
 * encoding of {@code a/b}, which is how scope checks get fooled. The ids {@code .} and {@code ..}
 * are rejected too, since URL path normalisation would turn them into other paths. Callers still
 * percent-encode ids when they put them in a URL path ({@code ?} and {@code $} are allowed).
 */
public final class DeviceIds {

  /** The longest device id, in characters. */
  public static final int MAX_LENGTH = 128;

  private static final String EXTRA = "-._*?!(),:=@$'";
  private static final String ALLOWED = "letters, digits and - . _ * ? ! ( ) , : = @ $ '";

  private DeviceIds() {}

  /**
   * Checks a device id, naming what is wrong and where (positions count from 0).
   *
   * @throws IllegalArgumentException if the id is null, empty, too long or has a character outside
   *     the rule
   */
  public static void validate(String id) {
    String problem = Identifiers.problem("device id", id, MAX_LENGTH, EXTRA, ALLOWED);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  /** Returns whether {@link #validate} would accept the id. */
  public static boolean isValid(String id) {
    return Identifiers.problem("device id", id, MAX_LENGTH, EXTRA, ALLOWED) == null;
  }
}
