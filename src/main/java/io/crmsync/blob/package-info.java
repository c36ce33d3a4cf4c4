/**
 * Large binary values: they travel by reference ({@code blob:<sha256>:<length>} in a batch) and
 * their bytes separately, streamed from the database to a spool file, across the transport and
 * from a spool file into the database, so that no value is ever held in memory whole.
 */
package io.crmsync.blob;
