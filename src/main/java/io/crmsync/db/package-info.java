/**
 * The CRM database as crm-sync sees it: SQL dialects (H2, PostgreSQL, MariaDB), table and column
 * discovery through JDBC metadata, value conversion, statement helpers (multi-row inserts, IN
 * lists), the text form of {@code crmsync_version} and the versioned migrations of crm-sync's own
 * tables. Stages above receive the database as a {@link io.crmsync.db.Database}.
 */
package io.crmsync.db;
