package io.devstreams.protocol.mux;

import io.devstreams.protocol.tunnel.DaemonThreadFactory;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The one thread of a {@link MuxSession} that reads and writes the local sockets of all its bridged
 * streams ({@link SocketBridge}), non-blocking, with one selector.
 *
 * <p>Each stream once had two threads of its own, which a blocking read or a wait for data parked:
 * the agent of 10,000 streams ran 20,000 threads and spent half its CPU waking them (perf, {@code
 * futex_wake}), and each received chunk passed from the connection's reader to a stream's thread
 * before it reached its socket. Now the reader writes received data to the socket itself when the
 * socket takes it, and this thread reads the sockets in turn (one read each per round: fair) and
 * sends what it reads, writes what a socket could not take at once, and runs the tasks other
 * threads hand it: only it touches the selection keys. It sends on the connection itself, so while
 * the connection's TCP window to the hub is full it reads no socket (nothing could be sent anyway);
 * the reader goes on writing to the sockets meanwhile.
 */
final class LocalSockets implements Runnable {

  private static final System.Logger LOG = System.getLogger(LocalSockets.class.getName());

  private final Selector selector;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final Thread thread;

  /** Local reads go here, then straight into a frame: one buffer serves every socket in turn. */
  private final ByteBuffer readBuffer = ByteBuffer.allocate(MuxFrames.MAX_PAYLOAD);

  private boolean stopping; // this thread only
  private volatile boolean ending; // set first when the loop ends: no new socket should come
  private volatile boolean stopped; // set last: tasks handed over now run on the caller

  private LocalSockets(Selector selector, String name) {
    this.selector = selector;
    this.thread = DaemonThreadFactory.named("devstreams-local-sockets " + name, this);
  }

  static LocalSockets start(String name) throws IOException {
    LocalSockets sockets = new LocalSockets(Selector.open(), name);
    sockets.thread.start();
    return sockets;
  }

  /**
   * Runs {@code task} on this thread, soon; from this thread, at the end of the current round. Once
   * the thread has stopped, the caller runs it (a socket bridged as the connection ended is
   * closed).
   */
  void execute(Runnable task) {
    tasks.add(task);
    if (stopped) {
      runTasks();
    } else if (Thread.currentThread() != thread) {
      selector.wakeup();
    }
  }

  /** Returns whether the caller is this thread. */
  boolean inThread() {
    return Thread.currentThread() == thread;
  }

  Selector selector() {
    return selector;
  }

  /** Stops once the tasks handed over before have run; sockets still registered are closed. */
  void shutdown() {
    execute(() -> stopping = true);
  }

  /** Whether the thread is stopping or has stopped, shut down or failed: it takes no new socket. */
  boolean isStopped() {
    return ending;
  }

  @Override
  public void run() {
    String failure = null;
    try {
      while (true) {
        runTasks();
        if (stopping) {
          break;
        }
        selector.select(this::ready);
      }
    } catch (IOException e) {
      failure = e.toString();
      LOG.log(Level.WARNING, "local sockets: the selector failed: {0}", failure);
    } catch (RuntimeException | Error e) {
      failure = e.toString();
      LOG.log(Level.ERROR, "local sockets: unexpected failure", e);
    } finally {
      ending = true;
      // Shut down, the streams have ended. Failed, they have not: each is closed with 1001.
      for (SelectionKey key : selector.keys()) {
        SocketBridge bridge = (SocketBridge) key.attachment();
        bridge.abandon();
        if (failure != null) {
          bridge.failed("the thread of the local sockets failed: " + failure);
        }
      }
      try {
        selector.close();
      } catch (IOException e) {
        // nothing is left to select
      }
      stopped = true;
      runTasks(); // handed over as it stopped: registering finds the selector closed and closes
    }
  }

  private void ready(SelectionKey key) {
    SocketBridge bridge = (SocketBridge) key.attachment();
    int ready;
    try {
      ready = key.readyOps();
    } catch (java.nio.channels.CancelledKeyException e) {
      return;
    }
    if ((ready & SelectionKey.OP_WRITE) != 0) {
      bridge.writable();
    }
    if ((ready & SelectionKey.OP_READ) != 0 && key.isValid()) {
      bridge.readable(readBuffer);
    }
  }

  private void runTasks() {
    Runnable task;
    while ((task = tasks.poll()) != null) {
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "local sockets: a task failed", e); // and the others go on
      }
    }
  }
}
