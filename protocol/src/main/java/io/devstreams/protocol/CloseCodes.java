package io.devstreams.protocol;

/**
 * WebSocket close codes used on the control channel and on streams, defined once for hub and
 * clients.
 *
 * <p>Codes below 4000 are RFC 6455's; codes 4000-4999 are private-use codes (RFC 6455, section
 * 7.4.2) that name a stream or channel state, so that either side can tell the user why it ended.
 */
public final class CloseCodes {

  /** The stream or channel ended normally. */
  public static final int NORMAL = 1000;

  /** The endpoint is going away, for example a client shutting down or a browser leaving. */
  public static final int GOING_AWAY = 1001;

  /**
   * The peer broke the protocol, for example with an unexpected frame or malformed control JSON.
   */
  public static final int PROTOCOL_ERROR = 1002;

  /** The peer violated a policy, for example by sending data before being allowed to. */
  public static final int POLICY_VIOLATION = 1008;

  /** A message exceeded the size limit (64 KiB for stream data). */
  public static final int TOO_BIG = 1009;

  /** The hub hit an unexpected error. */
  public static final int HUB_ERROR = 1011;

  /** The other side of the stream closed; the hub closes this side with the same reason. */
  public static final int PEER_CLOSED = 4000;

  /** The other side never joined the stream before the handshake deadline. */
  public static final int PEER_NEVER_JOINED = 4001;

  /** This side of the stream has already been joined by another connection. */
  public static final int SIDE_ALREADY_JOINED = 4002;

  /** The stream or its token expired. */
  public static final int EXPIRED = 4003;

  /** The control channel was replaced by a newer connection for the same device. */
  public static final int REPLACED = 4004;

  /** The device could not connect to its local target service. */
  public static final int TARGET_UNREACHABLE = 4005;

  /** The peer stopped answering pings within the heartbeat window. */
  public static final int HEARTBEAT_TIMEOUT = 4006;

  /** The hub is shutting down. */
  public static final int SHUTTING_DOWN = 4007;

  /**
   * Someone holding a shared access policy closed the stream at the hub (from the web console); the
   * reason names the policy.
   */
  public static final int CLOSED_BY_OPERATOR = 4008;

  /**
   * A v2 stream broke the protocol: an unknown or reused stream id, a malformed frame, a window
   * lifted past 2^31 - 1 (docs/protocol.md, section 6).
   */
  public static final int STREAM_PROTOCOL_ERROR = 4009;

  /** A v2 stream sent data past the window its receiver granted. */
  public static final int FLOW_CONTROL = 4010;

  private CloseCodes() {}

  /** Returns a short human phrase for a close code, or a generic phrase naming an unknown code. */
  public static String describe(int code) {
    return switch (code) {
      case NORMAL -> "closed normally";
      case GOING_AWAY -> "going away";
      case PROTOCOL_ERROR -> "protocol error";
      case POLICY_VIOLATION -> "policy violation";
      case TOO_BIG -> "message too big";
      case HUB_ERROR -> "hub error";
      case PEER_CLOSED -> "peer closed the stream";
      case PEER_NEVER_JOINED -> "peer never joined the stream";
      case SIDE_ALREADY_JOINED -> "this side of the stream is already joined";
      case EXPIRED -> "stream expired";
      case REPLACED -> "replaced by a newer connection";
      case TARGET_UNREACHABLE -> "device could not reach its local target";
      case HEARTBEAT_TIMEOUT -> "peer stopped answering pings";
      case SHUTTING_DOWN -> "hub is shutting down";
      case STREAM_PROTOCOL_ERROR -> "stream protocol error";
      case FLOW_CONTROL -> "data past the window";
      case CLOSED_BY_OPERATOR -> "closed at the hub by an operator";
      default -> "close code " + code;
    };
  }
}
