/**
 * Administration: creating and changing syncs, fields and table settings, with validation that
 * leaves nothing half-saved. Used by the admin JSON API and the settings page.
 */
package io.crmsync.admin;
