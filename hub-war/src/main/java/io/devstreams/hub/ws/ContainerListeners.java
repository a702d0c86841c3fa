package io.devstreams.hub.ws;

import jakarta.servlet.ReadListener;
import jakarta.servlet.WriteListener;

/**
 * The container's non-blocking I/O callbacks for one connection: they only note what happened and
 * wake the connection's task, which does the work on whatever thread signalled it.
 */
public final class ContainerListeners {

  private ContainerListeners() {}

  /** Read callbacks: data or the end of input (clean or failed) wakes the task. */
  public static ReadListener reading(Runnable wake, Runnable inputEnded) {
    return new ReadListener() {
      @Override
      public void onDataAvailable() {
        wake.run();
      }

      @Override
      public void onAllDataRead() {
        inputEnded.run();
      }

      @Override
      public void onError(Throwable t) {
        inputEnded.run();
      }
    };
  }

  /** Write callbacks: room to write wakes the task; an error means the client is gone. */
  public static WriteListener writing(Runnable wake, Runnable outputFailed) {
    return new WriteListener() {
      @Override
      public void onWritePossible() {
        wake.run();
      }

      @Override
      public void onError(Throwable t) {
        outputFailed.run();
      }
    };
  }
}
