package io.crmsync.config;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where the configuration comes from: a snapshot by version, reloaded only when the version in
 * the database changed, so that every cluster member and every cycle sees edits made anywhere.
 */
public interface ConfigSource {
  /** The configuration of the version stored now (one cheap query on {@code c}). */
  ConfigSnapshot config(Connection c) throws SQLException;

  /** The configuration of a version the caller just read from the database. */
  ConfigSnapshot config(long version);

  /** The configuration, compared with the database's version if not done within the last while. */
  ConfigSnapshot recentConfig(long maxAgeMillis);

  /** The current configuration, on a connection of its own. */
  ConfigSnapshot config();

  /** The store through which the admin services change the configuration. */
  ConfigStore configStore();
}
