package io.devstreams.protocol.tunnel;

import io.devstreams.protocol.ControlMessages;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

/**
 * Receives a {@link StreamChannel}'s WebSocket events on the HttpClient's threads and hands them on
 * without blocking; text parts are joined (up to {@link ControlMessages#MAX_LENGTH}) before the
 * channel sees a control message.
 */
final class StreamListener implements WebSocket.Listener {

  private final StreamChannel channel;
  private final StringBuilder text = new StringBuilder();
  private boolean textTooLong;

  StreamListener(StreamChannel channel) {
    this.channel = channel;
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    channel.opened(webSocket);
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
    channel.heard();
    return channel.receivedData(data);
  }

  @Override
  public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
    channel.heard(); // the JDK sends the pong itself
    channel.requestNext();
    return null;
  }

  @Override
  public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
    channel.heard();
    channel.requestNext();
    return null;
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    channel.heard();
    if (text.length() + data.length() <= ControlMessages.MAX_LENGTH) {
      text.append(data);
    } else {
      textTooLong = true;
    }
    if (!last) {
      channel.requestNext();
      return null;
    }
    String message = textTooLong ? null : text.toString();
    text.setLength(0);
    textTooLong = false;
    channel.receivedText(message);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    channel.heard();
    channel.remoteClosed(statusCode, reason);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    channel.connectionFailed(error);
  }
}
