package io.devstreams.hub.registry;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import org.junit.jupiter.api.Test;

class DeviceRegistryTest {

  @Test
  void recognisesAWrappedUniqueKeyViolationAsADuplicate() {
    Exception wrapped =
        new PersistenceException(
            "insert failed",
            new RuntimeException(new SQLIntegrityConstraintViolationException("duplicate key")));

    assertThat(DeviceRegistry.isDuplicateKey(wrapped)).isTrue();
  }

  @Test
  void doesNotTakeOtherDatabaseFailuresForADuplicate() {
    Exception other = new PersistenceException(new SQLException("disk full"));

    assertThat(DeviceRegistry.isDuplicateKey(other)).isFalse();
  }
}
