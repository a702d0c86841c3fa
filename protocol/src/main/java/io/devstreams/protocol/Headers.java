package io.devstreams.protocol;

/** HTTP header names and value prefixes of the wire contract, spelled as Azure IoT Hub does. */
public final class Headers {

  /**
   * Carries a SAS token on the main endpoint and the control channel, a bearer token on streams.
   */
  public static final String AUTHORIZATION = "Authorization";

  /** Azure's numeric error code (see {@link ErrorCode}) on an error response. */
  public static final String ERROR_CODE = "iothub-errorcode";

  /** Request header: seconds to wait for an offline device to come online. */
  public static final String STREAMING_CONNECT_TIMEOUT =
      "iothub-streaming-connect-timeout-in-seconds";

  /** Request header: seconds a connected device has to answer a stream request. */
  public static final String STREAMING_RESPONSE_TIMEOUT =
      "iothub-streaming-response-timeout-in-seconds";

  /** Response header: {@code True} or {@code False}, whether the device accepted the stream. */
  public static final String STREAMING_IS_ACCEPTED = "iothub-streaming-is-accepted";

  /** Response header: the WebSocket URL of the stream on the streaming endpoint. */
  public static final String STREAMING_URL = "iothub-streaming-url";

  /** Response header: the single-use bearer token for the caller's side of the stream. */
  public static final String STREAMING_AUTH_TOKEN = "iothub-streaming-auth-token";

  /** Conditional request header carrying an etag or {@code *}. */
  public static final String IF_MATCH = "If-Match";

  /** Response header carrying a registry entry's etag. */
  public static final String ETAG = "ETag";

  /** Prefix of an {@code Authorization} value carrying a stream token. */
  public static final String BEARER_PREFIX = "Bearer ";

  /** Prefix of an {@code Authorization} value carrying a SAS token. */
  public static final String SAS_PREFIX = "SharedAccessSignature ";

  /**
   * Response header of {@code GET} and {@code PUT /devices/{id}} for a device that authenticates
   * with a certificate: the {@code host:port} of the hub's device-certificate listener, the {@code
   * HostName} of that device's connection string. Ours; Azure serves both on one port.
   */
  public static final String DEVICE_CERT_HOST = "devstreams-device-cert-host";

  private Headers() {}
}
