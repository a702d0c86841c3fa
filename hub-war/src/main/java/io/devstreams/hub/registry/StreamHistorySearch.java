package io.devstreams.hub.registry;

import io.devstreams.hub.streams.StreamRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds stream records by device, policy, outcome and time of request, newest first, a page at a
 * time (keyset paging on the row id, as {@link StreamHistory} pages).
 */
@ApplicationScoped
public class StreamHistorySearch {

  @PersistenceContext(unitName = "devstreams")
  private EntityManager em;

  /** Returns the page of records the query asks for. */
  @Transactional
  public StreamHistoryPage search(HistoryQuery query) {
    long before =
        query.continuation() == null
            ? Long.MAX_VALUE
            : HistoryToken.decode(query.continuation()).beforeId();
    List<String> conditions = new ArrayList<>(List.of("h.id < :before"));
    if (query.deviceId() != null) {
      conditions.add("h.deviceId = :device");
    }
    if (query.policy() != null) {
      conditions.add("h.requestedBy = :policy");
    }
    if (query.outcome() != null) {
      conditions.add("h.outcome = :outcome");
    }
    if (query.from() != null) {
      conditions.add("h.requestedAt >= :from");
    }
    if (query.to() != null) {
      conditions.add("h.requestedAt < :to");
    }
    TypedQuery<StreamHistoryEntity> rows =
        em.createQuery(
            "SELECT h FROM StreamHistory h WHERE "
                + String.join(" AND ", conditions)
                + " ORDER BY h.id DESC",
            StreamHistoryEntity.class);
    rows.setParameter("before", before);
    if (query.deviceId() != null) {
      rows.setParameter("device", query.deviceId());
    }
    if (query.policy() != null) {
      rows.setParameter("policy", query.policy());
    }
    if (query.outcome() != null) {
      rows.setParameter("outcome", query.outcome().wireName());
    }
    if (query.from() != null) {
      rows.setParameter("from", query.from().atOffset(ZoneOffset.UTC));
    }
    if (query.to() != null) {
      rows.setParameter("to", query.to().atOffset(ZoneOffset.UTC));
    }
    List<StreamHistoryEntity> found = rows.setMaxResults(query.top() + 1).getResultList();
    List<StreamRecord> page =
        found.stream().limit(query.top()).map(StreamHistoryEntity::toRecord).toList();
    String next =
        found.size() > query.top()
            ? new HistoryToken(found.get(query.top() - 1).id()).encode()
            : null;
    return new StreamHistoryPage(page, next);
  }
}
