package io.devstreams.hub.registry;

import io.devstreams.hub.auth.PolicyCredentials;
import io.devstreams.hub.auth.Right;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/** A shared access policy row; its rights are stored as Azure's names joined by commas. */
@Entity(name = "Policy")
@Table(name = "POLICIES")
class PolicyEntity {

  @Id
  @Column(name = "NAME", length = 64)
  private String name;

  @Column(name = "PRIMARY_KEY", length = 100, nullable = false)
  private String primaryKey;

  @Column(name = "SECONDARY_KEY", length = 100, nullable = false)
  private String secondaryKey;

  @Column(name = "RIGHTS", length = 200, nullable = false)
  private String rights;

  @Version
  @Column(name = "ROW_VERSION", nullable = false)
  private long version;

  /** For JPA. */
  protected PolicyEntity() {}

  PolicyEntity(String name, String primaryKey, String secondaryKey, Set<Right> rights) {
    this.name = name;
    this.primaryKey = primaryKey;
    this.secondaryKey = secondaryKey;
    this.rights =
        EnumSet.copyOf(rights).stream().map(Right::wireName).collect(Collectors.joining(","));
  }

  /** Returns the policy; a stored right this hub does not know is dropped, never granted. */
  PolicyCredentials toCredentials() {
    Set<Right> granted = EnumSet.noneOf(Right.class);
    Arrays.stream(rights.split(","))
        .map(Right::fromWireName)
        .flatMap(java.util.Optional::stream)
        .forEach(granted::add);
    return new PolicyCredentials(name, primaryKey, secondaryKey, granted);
  }
}
