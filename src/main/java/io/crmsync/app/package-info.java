/**
 * The program this WAR runs in: the CDI bean that connects to the CRM data source, migrates
 * crm-sync's tables, knows the program id and caches configuration and table metadata. Lower
 * stages never import it: they receive what it implements ({@code db.Database},
 * {@code config.ConfigSource}) or the program id as narrow parameters.
 */
package io.crmsync.app;
