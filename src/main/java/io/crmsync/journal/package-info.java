/**
 * Versioning: turns captured row changes into per-field versions ({@code crmsync_version}, one
 * row per record) and journal entries ({@code crmsync_journal}) that the syncs send; maps local
 * ids to global record ids ({@code crmsync_record}). It receives the database and the program id
 * as parameters.
 */
package io.crmsync.journal;
