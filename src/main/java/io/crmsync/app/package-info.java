/** The program this WAR runs in: settings, the CRM data source, crm-sync's tables and identity. */
package io.crmsync.app;
