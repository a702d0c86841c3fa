package io.devstreams.hub.console;

import io.devstreams.hub.errors.HubException;
import io.devstreams.hub.registry.DeviceSearch;
import io.devstreams.hub.registry.DeviceSearchPage;
import io.devstreams.hub.registry.DeviceSearchQuery;
import io.devstreams.hub.settings.ConsoleSettings;
import io.devstreams.hub.streams.StreamStatistics;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The console's live feeds: every second, each open Streams page gets the active streams with their
 * rates, and each open Devices page the devices it shows (when their state or activity changed).
 *
 * <p>One tick computes the streams once for every page. Each feed is sent on the managed executor,
 * one send at a time per feed: a browser that is slow to read skips updates instead of holding up
 * the others. A feed ends when its browser goes or its session ends (expired or signed out); at
 * most {@link ConsoleSettings#maxFeeds()} exist at once.
 */
@ApplicationScoped
public class LiveFeeds {

  private static final System.Logger LOG = System.getLogger(LiveFeeds.class.getName());
  private static final long TICK_MILLIS = 1000;

  /** A Devices page is queried every other tick. */
  private static final int DEVICE_TICKS = 2;

  /**
   * An unchanged Devices page is sent again after this many ticks, so a gone browser is noticed.
   */
  private static final int RESEND_TICKS = 15;

  @Inject StreamStatistics statistics;
  @Inject DeviceSearch search;
  @Inject ConsoleSessions sessions;

  @Resource private ManagedScheduledExecutorService scheduler;
  @Resource private ManagedExecutorService executor;

  private final Set<Feed<?>> feeds = ConcurrentHashMap.newKeySet();
  private final StreamRates rates = new StreamRates();
  private volatile List<LiveStream> streams = List.of();
  private ScheduledFuture<?> ticking;
  private Clock clock = Clock.systemUTC();

  /**
   * Opens a Streams page's feed for the session with this key.
   *
   * @throws HubException THROTTLED when the hub has its maximum of live feeds
   */
  public void streams(String sessionKey, LiveSink<List<LiveStream>> sink) {
    add(new Feed<>(sessionKey, sink, () -> streams, false));
  }

  /**
   * Opens a Devices page's feed: the page {@code query} selects, sent when it changed.
   *
   * @throws HubException THROTTLED when the hub has its maximum of live feeds
   */
  public void devices(String sessionKey, DeviceSearchQuery query, LiveSink<DeviceSearchPage> sink) {
    Objects.requireNonNull(query, "query");
    add(new Feed<>(sessionKey, sink, () -> search.search(query), true));
  }

  /** Returns the number of open feeds. */
  public int count() {
    return feeds.size();
  }

  /**
   * One round: ends the feeds whose session ended, computes the streams' rates if a Streams page is
   * open, and hands each feed not still busy with its previous update to {@code sender}.
   */
  void tick(Executor sender) {
    Instant now = clock.instant();
    boolean anyStreams = false;
    for (Feed<?> feed : feeds) {
      if (!sessions.isLive(feed.sessionKey)) {
        feeds.remove(feed);
        sender.execute(() -> feed.sink.end("your console session has ended: sign in again"));
      } else {
        anyStreams |= !feed.onlyChanges;
      }
    }
    streams = anyStreams ? rates.update(statistics.active(), now) : List.of();
    for (Feed<?> feed : feeds) {
      if (feed.due() && feed.busy.compareAndSet(false, true)) {
        sender.execute(() -> push(feed));
      }
    }
  }

  private void push(Feed<?> feed) {
    try {
      if (!feed.push()) {
        feeds.remove(feed);
      }
    } catch (RuntimeException e) {
      feeds.remove(feed);
      LOG.log(Level.WARNING, "console live feed failed and was closed", e);
      feed.sink.end("the live feed failed: reload the page");
    } finally {
      feed.busy.set(false);
    }
  }

  private void add(Feed<?> feed) {
    if (feeds.size() >= sessions.settings().maxFeeds()) {
      throw HubException.throttled(
          "the hub has its maximum of "
              + sessions.settings().maxFeeds()
              + " live console pages open ("
              + ConsoleSettings.MAX_FEEDS
              + "); close one and reload",
          null);
    }
    feeds.add(feed);
  }

  @PostConstruct
  void start() {
    if (scheduler != null) {
      ticking =
          scheduler.scheduleWithFixedDelay(
              this::tickLogged, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  @PreDestroy
  void stop() {
    if (ticking != null) {
      ticking.cancel(false);
    }
    for (Feed<?> feed : feeds) {
      feed.sink.end("the hub is shutting down");
    }
    feeds.clear();
  }

  private void tickLogged() {
    try {
      if (!feeds.isEmpty()) {
        tick(executor);
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "console live feeds: a tick failed; the next runs in a second", e);
    }
  }

  /** One open page: its session, its sink, what it shows, and whether a send is under way. */
  private static final class Feed<T> {
    final String sessionKey;
    final LiveSink<T> sink;
    final Supplier<T> update;
    final boolean onlyChanges;
    final AtomicBoolean busy = new AtomicBoolean();
    private T last;
    private int ticks;
    private int unchanged;

    Feed(String sessionKey, LiveSink<T> sink, Supplier<T> update, boolean onlyChanges) {
      this.sessionKey = Objects.requireNonNull(sessionKey, "sessionKey");
      this.sink = Objects.requireNonNull(sink, "sink");
      this.update = update;
      this.onlyChanges = onlyChanges;
    }

    /** Counts a tick; returns whether this feed is updated on it. */
    boolean due() {
      return !onlyChanges || ticks++ % DEVICE_TICKS == 0;
    }

    /**
     * Sends the current update; when only changes are wanted, an unchanged one is skipped unless
     * nothing was sent for 15 ticks.
     */
    boolean push() {
      T next = update.get();
      if (onlyChanges && next.equals(last) && ++unchanged * DEVICE_TICKS < RESEND_TICKS) {
        return true;
      }
      unchanged = 0;
      last = next;
      return sink.send(next);
    }
  }
}
