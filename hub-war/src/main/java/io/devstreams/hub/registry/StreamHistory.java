package io.devstreams.hub.registry;

import io.devstreams.hub.errors.HubException;
import io.devstreams.hub.streams.StreamRecord;
import io.devstreams.protocol.DeviceIds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The stream history in the database: records are appended in batches by {@link StreamAudit}'s
 * writer, listed newest first, and pruned once older than the retention.
 */
@ApplicationScoped
public class StreamHistory {

  @PersistenceContext(unitName = "devstreams")
  private EntityManager em;

  /** Appends records in one transaction. */
  @Transactional
  public void append(List<StreamRecord> records) {
    for (StreamRecord r : records) {
      em.persist(new StreamHistoryEntity(r));
    }
  }

  /**
   * Returns up to {@code top} records, newest first, after the continuation if one is given, of one
   * device if {@code deviceId} is not null.
   *
   * @throws HubException BAD_REQUEST for a bad top, device id or continuation
   */
  @Transactional
  public StreamHistoryPage page(int top, String continuation, String deviceId) {
    if (top < 1) {
      throw HubException.badRequest("top must be at least 1 (got " + top + ")");
    }
    long before =
        continuation == null ? Long.MAX_VALUE : HistoryToken.decode(continuation).beforeId();
    TypedQuery<StreamHistoryEntity> query;
    if (deviceId == null) {
      query = em.createNamedQuery(StreamHistoryEntity.PAGE, StreamHistoryEntity.class);
    } else {
      try {
        DeviceIds.validate(deviceId);
      } catch (IllegalArgumentException e) {
        throw HubException.badRequest("deviceId: " + e.getMessage());
      }
      query =
          em.createNamedQuery(StreamHistoryEntity.PAGE_OF_DEVICE, StreamHistoryEntity.class)
              .setParameter("device", deviceId);
    }
    List<StreamHistoryEntity> rows =
        query.setParameter("before", before).setMaxResults(top + 1).getResultList();
    List<StreamRecord> page = rows.stream().limit(top).map(StreamHistoryEntity::toRecord).toList();
    String next = rows.size() > top ? new HistoryToken(rows.get(top - 1).id()).encode() : null;
    return new StreamHistoryPage(page, next);
  }

  /** Deletes the records of streams that ended before {@code cutoff}; returns how many. */
  @Transactional
  public int prune(Instant cutoff) {
    return em.createNamedQuery(StreamHistoryEntity.PRUNE)
        .setParameter("cutoff", cutoff.atOffset(ZoneOffset.UTC))
        .executeUpdate();
  }
}
