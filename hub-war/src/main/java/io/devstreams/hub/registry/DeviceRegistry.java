package io.devstreams.hub.registry;

import io.devstreams.hub.auth.CertificateDeviceLookup;
import io.devstreams.hub.auth.DeviceCertificatesChanged;
import io.devstreams.hub.auth.DeviceCredentials;
import io.devstreams.hub.auth.DeviceKeyLookup;
import io.devstreams.hub.errors.HubException;
import io.devstreams.protocol.DeviceIds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.sql.SQLIntegrityConstraintViolationException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The device registry: create, read, list, update and delete devices, each in one transaction, and
 * record connection state for the control channel.
 *
 * <p>Every write is flushed inside its method, so a duplicate id or a concurrent change surfaces
 * here as a {@link HubException} (409, 412) rather than as a failed commit after the method
 * returned.
 */
@ApplicationScoped
public class DeviceRegistry implements DeviceKeyLookup, CertificateDeviceLookup {

  private static final System.Logger LOG = System.getLogger(DeviceRegistry.class.getName());
  private static final SecureRandom RANDOM = new SecureRandom();

  /** How many devices a query reads from the database at a time. */
  static final int QUERY_BATCH = 500;

  @PersistenceContext(unitName = "devstreams")
  private EntityManager em;

  @Inject Event<DeviceCertificatesChanged> certificatesChanged;
  @Inject Event<DeviceChanged> changed;

  /**
   * Creates a device, generating the keys the spec leaves out.
   *
   * @throws HubException CONFLICT if the id is taken, even by a concurrent create
   */
  @Transactional
  public DeviceView create(DeviceSpec spec) {
    if (em.find(DeviceEntity.class, spec.deviceId()) != null) {
      throw HubException.deviceExists(spec.deviceId());
    }
    DeviceEntity device = DeviceEntity.create(spec, randomTag(), randomTag());
    try {
      em.persist(device);
      em.flush();
    } catch (PersistenceException e) {
      if (isDuplicateKey(e)) {
        throw HubException.deviceExists(spec.deviceId());
      }
      throw e;
    }
    certificatesChanged.fire(new DeviceCertificatesChanged(spec.deviceId(), device.thumbprints()));
    changed.fire(new DeviceChanged(spec.deviceId()));
    LOG.log(Level.INFO, "device {0} created", spec.deviceId());
    return device.toView();
  }

  /**
   * Returns a device.
   *
   * @throws HubException BAD_REQUEST for an invalid id, NOT_FOUND if there is no such device
   */
  @Transactional
  public DeviceView get(String deviceId) {
    return find(deviceId).toView();
  }

  /**
   * Returns up to {@code top} devices in id order, after the continuation if one is given.
   *
   * @throws HubException BAD_REQUEST if top is not positive or the continuation is not ours
   */
  @Transactional
  public DevicePage list(int top, String continuation) {
    if (top < 1) {
      throw HubException.badRequest("top must be at least 1 (got " + top + ")");
    }
    String after = continuation == null ? "" : PageToken.decode(continuation).afterId();
    List<DeviceEntity> rows =
        em.createNamedQuery(DeviceEntity.LIST_AFTER, DeviceEntity.class)
            .setParameter("after", after)
            .setMaxResults(top + 1)
            .getResultList();
    List<DeviceView> page = rows.stream().limit(top).map(DeviceEntity::toView).toList();
    String next = rows.size() > top ? new PageToken(page.get(top - 1).deviceId()).encode() : null;
    return new DevicePage(page, next);
  }

  /**
   * Returns up to {@code top} devices that the query selects, in id order, after the continuation
   * if one is given. Devices are read in batches of {@value #QUERY_BATCH} and tested in memory, so
   * a query that selects few devices reads through the registry; none is held longer than its
   * batch.
   *
   * @throws HubException BAD_REQUEST if top is not positive or the continuation is not ours
   */
  @Transactional
  public DevicePage query(DeviceQuery query, int top, String continuation) {
    if (top < 1) {
      throw HubException.badRequest("top must be at least 1 (got " + top + ")");
    }
    String after = continuation == null ? "" : PageToken.decode(continuation).afterId();
    List<DeviceView> matches = new ArrayList<>();
    List<DeviceEntity> rows;
    do {
      rows =
          em.createNamedQuery(DeviceEntity.LIST_AFTER, DeviceEntity.class)
              .setParameter("after", after)
              .setMaxResults(QUERY_BATCH)
              .getResultList();
      for (DeviceEntity row : rows) {
        DeviceView device = row.toView();
        after = device.deviceId();
        if (query.matches(device) && matches.add(device) && matches.size() > top) {
          break;
        }
      }
      em.clear();
    } while (rows.size() == QUERY_BATCH && matches.size() <= top);
    List<DeviceView> page = matches.stream().limit(top).toList();
    String next =
        matches.size() > top ? new PageToken(page.get(top - 1).deviceId()).encode() : null;
    return new DevicePage(page, next);
  }

  /**
   * Replaces a device's status, reason and given keys if its etag satisfies {@code ifMatch}.
   *
   * @throws HubException NOT_FOUND, or PRECONDITION_FAILED on an etag mismatch or concurrent change
   */
  @Transactional
  public DeviceView update(DeviceSpec spec, IfMatch ifMatch) {
    DeviceEntity device = find(spec.deviceId());
    checkEtag(device, ifMatch);
    device.apply(spec, randomTag());
    flushChange(spec.deviceId());
    certificatesChanged.fire(new DeviceCertificatesChanged(spec.deviceId(), device.thumbprints()));
    changed.fire(new DeviceChanged(spec.deviceId()));
    LOG.log(Level.INFO, "device {0} updated", spec.deviceId());
    return device.toView();
  }

  /**
   * Deletes a device if its etag satisfies {@code ifMatch} ({@link IfMatch#ANY} when absent).
   *
   * @throws HubException NOT_FOUND, or PRECONDITION_FAILED on an etag mismatch or concurrent change
   */
  @Transactional
  public void delete(String deviceId, IfMatch ifMatch) {
    DeviceEntity device = find(deviceId);
    checkEtag(device, ifMatch);
    em.remove(device);
    flushChange(deviceId);
    certificatesChanged.fire(new DeviceCertificatesChanged(deviceId, List.of()));
    changed.fire(new DeviceChanged(deviceId));
    LOG.log(Level.INFO, "device {0} deleted", deviceId);
  }

  /** Records that the device's control channel opened; returns false if there is no such device. */
  @Transactional
  public boolean markConnected(String deviceId, OffsetDateTime time) {
    return setConnectionState(deviceId, ConnectionState.CONNECTED, time);
  }

  /** Records that the device's control channel closed; returns false if there is no such device. */
  @Transactional
  public boolean markDisconnected(String deviceId, OffsetDateTime time) {
    return setConnectionState(deviceId, ConnectionState.DISCONNECTED, time);
  }

  /** Records activity from the device; returns false if there is no such device. */
  @Transactional
  public boolean touch(String deviceId, OffsetDateTime time) {
    return em.createNamedQuery(DeviceEntity.TOUCH)
            .setParameter("time", time)
            .setParameter("id", deviceId)
            .executeUpdate()
        > 0;
  }

  @Override
  @Transactional
  public Optional<DeviceCredentials> findDeviceCredentials(String deviceId) {
    if (!DeviceIds.isValid(deviceId)) {
      return Optional.empty();
    }
    return Optional.ofNullable(em.find(DeviceEntity.class, deviceId))
        .map(DeviceEntity::toCredentials);
  }

  @Override
  @Transactional
  public List<DeviceCredentials> findCertificateDevices() {
    return em.createNamedQuery(DeviceEntity.WITH_AUTH_TYPE, DeviceEntity.class)
        .setParameter("type", AuthType.SELF_SIGNED)
        .getResultStream()
        .map(DeviceEntity::toCredentials)
        .toList();
  }

  /**
   * Connection state is not part of the identity clients write, so it changes neither the etag nor
   * the row version: a bulk update, which cannot make a client's concurrent update fail.
   */
  private boolean setConnectionState(String deviceId, ConnectionState state, OffsetDateTime time) {
    return em.createNamedQuery(DeviceEntity.SET_CONNECTION_STATE)
            .setParameter("state", state)
            .setParameter("time", time)
            .setParameter("id", deviceId)
            .executeUpdate()
        > 0;
  }

  private DeviceEntity find(String deviceId) {
    try {
      DeviceIds.validate(deviceId);
    } catch (IllegalArgumentException e) {
      throw HubException.badRequest(e.getMessage());
    }
    DeviceEntity device = em.find(DeviceEntity.class, deviceId);
    if (device == null) {
      throw HubException.deviceNotFound(deviceId);
    }
    return device;
  }

  private static void checkEtag(DeviceEntity device, IfMatch ifMatch) {
    if (!ifMatch.matches(device.etag())) {
      throw HubException.preconditionFailed(
          "If-Match does not match the device's current etag; fetch the device again");
    }
  }

  private void flushChange(String deviceId) {
    try {
      em.flush();
    } catch (OptimisticLockException e) {
      throw HubException.preconditionFailed(
          "device '" + deviceId + "' was changed concurrently; fetch it again");
    }
  }

  /** Returns whether the failure is a unique-key violation, however the provider wrapped it. */
  static boolean isDuplicateKey(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLIntegrityConstraintViolationException
          || t instanceof jakarta.persistence.EntityExistsException) {
        return true;
      }
    }
    return false;
  }

  /** A random 96-bit tag for etags and generation ids, base64url without padding. */
  private static String randomTag() {
    byte[] bytes = new byte[12];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
