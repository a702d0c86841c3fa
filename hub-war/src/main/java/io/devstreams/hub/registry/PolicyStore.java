package io.devstreams.hub.registry;

import io.devstreams.hub.auth.PolicyCredentials;
import io.devstreams.hub.auth.PolicyLookup;
import io.devstreams.hub.auth.Right;
import io.devstreams.protocol.SasKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.lang.System.Logger.Level;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The shared access policies: looked up by name for authentication, created at first start. */
@ApplicationScoped
public class PolicyStore implements PolicyLookup {

  /** The name of the policy that holds every right. */
  public static final String OWNER = "iothubowner";

  /** The policy whose only right is {@code Metrics}: the scraper's. */
  public static final String METRICS = "metrics";

  /** The default policies and their rights, as Azure IoT Hub creates them. */
  public static final Map<String, Set<Right>> DEFAULTS = defaults();

  private static final System.Logger LOG = System.getLogger(PolicyStore.class.getName());

  @PersistenceContext(unitName = "devstreams")
  private EntityManager em;

  @Override
  @Transactional
  public Optional<PolicyCredentials> findPolicy(String name) {
    if (name == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(em.find(PolicyEntity.class, name)).map(PolicyEntity::toCredentials);
  }

  /**
   * Creates each default policy that does not exist yet, with new random keys (a hub upgraded to a
   * version with a new default policy gets it on its next start).
   *
   * @return true if the owner policy was created (a first start)
   */
  @Transactional
  public boolean ensureDefaults() {
    boolean created = false;
    for (Map.Entry<String, Set<Right>> policy : DEFAULTS.entrySet()) {
      if (em.find(PolicyEntity.class, policy.getKey()) == null) {
        em.persist(
            new PolicyEntity(
                policy.getKey(), SasKeys.generate(), SasKeys.generate(), policy.getValue()));
        LOG.log(Level.INFO, "created shared access policy {0}", policy.getKey());
        created |= OWNER.equals(policy.getKey());
      }
    }
    return created;
  }

  private static Map<String, Set<Right>> defaults() {
    Map<String, Set<Right>> map = new LinkedHashMap<>();
    map.put(OWNER, EnumSet.allOf(Right.class));
    map.put("service", EnumSet.of(Right.SERVICE_CONNECT));
    map.put("registryRead", EnumSet.of(Right.REGISTRY_READ));
    map.put("registryReadWrite", EnumSet.of(Right.REGISTRY_READ, Right.REGISTRY_WRITE));
    map.put(METRICS, EnumSet.of(Right.METRICS));
    return java.util.Collections.unmodifiableMap(map);
  }
}
