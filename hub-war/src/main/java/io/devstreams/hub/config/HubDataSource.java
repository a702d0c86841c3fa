package io.devstreams.hub.config;

import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Declares the registry's data source; Payara resolves the URL from MicroProfile Config.
 *
 * <p>{@code bin/devstreams-hub} points {@code devstreams.db.url} at an H2 file in the data
 * directory, with {@code WRITE_DELAY=0} so that an acknowledged write survives {@code kill -9}.
 * Without it (tests) the default in {@code microprofile-config.properties} is an in-memory
 * database.
 */
@DataSourceDefinition(
    name = HubDataSource.JNDI_NAME,
    className = "org.h2.jdbcx.JdbcDataSource",
    url = "${MPCONFIG=devstreams.db.url}",
    user = "sa",
    password = "",
    minPoolSize = 1,
    maxPoolSize = 20)
@ApplicationScoped
public class HubDataSource {
  /** JNDI name used by {@code persistence.xml}. */
  public static final String JNDI_NAME = "java:app/jdbc/devstreams";
}
