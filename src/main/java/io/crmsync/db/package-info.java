/**
 * The CRM database as crm-sync sees it: SQL dialects (H2, PostgreSQL, MariaDB), table and column
 * discovery through JDBC metadata, and the versioned migrations of crm-sync's own tables.
 */
package io.crmsync.db;
