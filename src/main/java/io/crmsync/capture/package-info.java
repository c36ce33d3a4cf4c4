/**
 * Capture: triggers on every synced table record (table, local id, time of the change) into
 * {@code crmsync_capture}. Nothing else runs inside the CRM's transaction.
 */
package io.crmsync.capture;
