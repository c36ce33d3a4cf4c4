/**
 * Large binary values: they travel by reference ({@code blob:<sha256>:<length>} in a batch) and
 * their bytes separately, through a spool of verified files, so that no value is ever held in
 * memory whole. The package knows nothing of databases or batches ({@code exchange.OutgoingBlobs}
 * copies values out of CRM rows), so {@code db} may stream a spooled value into a row.
 */
package io.crmsync.blob;
