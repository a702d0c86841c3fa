package io.devstreams.protocol.tunnel;

import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes daemon threads named {@code prefix-N}, so that a client's background work never keeps the
 * JVM alive and shows up by name in a thread dump.
 */
public final class DaemonThreadFactory implements ThreadFactory {

  private final String prefix;
  private final AtomicLong counter = new AtomicLong();

  /** Creates a factory whose threads are named {@code prefix-1}, {@code prefix-2}, ... */
  public DaemonThreadFactory(String prefix) {
    this.prefix = Objects.requireNonNull(prefix, "prefix");
  }

  @Override
  public Thread newThread(Runnable task) {
    return named(prefix + "-" + counter.incrementAndGet(), task);
  }

  /** Returns an unstarted daemon thread with exactly this name. */
  public static Thread named(String name, Runnable task) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    return thread;
  }
}
