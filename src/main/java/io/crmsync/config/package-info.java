/**
 * Configuration: syncs, their fields and table settings. Stored with JPA in {@code crmsync_sync},
 * {@code crmsync_field} and {@code crmsync_sync_table}; read by the engine as an immutable
 * {@link io.crmsync.config.ConfigSnapshot}.
 */
package io.crmsync.config;
