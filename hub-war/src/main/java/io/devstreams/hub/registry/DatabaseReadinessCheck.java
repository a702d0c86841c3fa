package io.devstreams.hub.registry;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.lang.System.Logger.Level;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Reports the hub ready only while the registry's database answers a trivial query. */
@Readiness
@ApplicationScoped
public class DatabaseReadinessCheck implements HealthCheck {

  private static final System.Logger LOG = System.getLogger(DatabaseReadinessCheck.class.getName());
  private static final int TIMEOUT_MILLIS = 2000;

  @PersistenceContext(unitName = "devstreams")
  private EntityManager em;

  @Override
  public HealthCheckResponse call() {
    try {
      em.createNativeQuery("SELECT 1")
          .setHint("jakarta.persistence.query.timeout", TIMEOUT_MILLIS)
          .getSingleResult();
      return HealthCheckResponse.up("database");
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "readiness: the database does not answer", e);
      return HealthCheckResponse.down("database");
    }
  }
}
