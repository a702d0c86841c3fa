package io.devstreams.hub.registry;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds devices by a piece of their id and their state, a page at a time in id order (keyset
 * paging, so a page costs the same at the first device as at the ten-thousandth), with the number
 * of matches.
 */
@ApplicationScoped
public class DeviceSearch {

  @PersistenceContext(unitName = "devstreams")
  private EntityManager em;

  /** Returns the page of devices the query asks for. */
  @Transactional
  public DeviceSearchPage search(DeviceSearchQuery query) {
    String after =
        query.continuation() == null ? "" : PageToken.decode(query.continuation()).afterId();
    List<String> conditions = conditions(query);
    List<String> page = new ArrayList<>(conditions);
    page.add("d.deviceId > :after");
    TypedQuery<DeviceEntity> rows =
        em.createQuery(
            "SELECT d FROM Device d" + where(page) + " ORDER BY d.deviceId", DeviceEntity.class);
    bind(rows, query);
    List<DeviceEntity> found =
        rows.setParameter("after", after).setMaxResults(query.top() + 1).getResultList();
    List<DeviceView> devices = found.stream().limit(query.top()).map(DeviceEntity::toView).toList();
    String next =
        found.size() > query.top()
            ? new PageToken(devices.get(query.top() - 1).deviceId()).encode()
            : null;
    TypedQuery<Long> count =
        em.createQuery("SELECT COUNT(d) FROM Device d" + where(conditions), Long.class);
    bind(count, query);
    return new DeviceSearchPage(devices, next, count.getSingleResult());
  }

  private static List<String> conditions(DeviceSearchQuery query) {
    List<String> conditions = new ArrayList<>();
    if (!query.text().isEmpty()) {
      // LOCATE rather than LIKE: the text is matched as it is, % and _ included.
      conditions.add("LOCATE(:text, LOWER(d.deviceId)) > 0");
    }
    switch (query.state()) {
      case CONNECTED, DISCONNECTED -> conditions.add("d.connectionState = :state");
      case DISABLED -> conditions.add("d.status = :status");
      case ANY -> {}
    }
    return conditions;
  }

  private static void bind(TypedQuery<?> jpql, DeviceSearchQuery query) {
    if (!query.text().isEmpty()) {
      jpql.setParameter("text", query.text().toLowerCase(Locale.ROOT));
    }
    switch (query.state()) {
      case CONNECTED -> jpql.setParameter("state", ConnectionState.CONNECTED);
      case DISCONNECTED -> jpql.setParameter("state", ConnectionState.DISCONNECTED);
      case DISABLED -> jpql.setParameter("status", DeviceStatus.DISABLED);
      case ANY -> {}
    }
  }

  private static String where(List<String> conditions) {
    return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
  }
}
