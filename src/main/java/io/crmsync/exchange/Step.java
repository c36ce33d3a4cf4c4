package io.crmsync.exchange;

import io.crmsync.config.ConfigSnapshot;
import io.crmsync.config.SyncDef;
import io.crmsync.db.Database;
import io.crmsync.journal.VersionStore;
import io.crmsync.journal.Versioner;
import io.crmsync.log.ChangeLog;
import java.sql.Connection;

/**
 * What one step of a sync (building a batch or applying one) works with: a connection in a
 * transaction that holds the program lock, the database it belongs to (dialect, table metadata),
 * this program's id, the configuration read in it, the sync, and the writers of versions, journal
 * and change log. Only these narrow parts of the program, so that exchange never imports app.
 */
public record Step(
    Connection c,
    Database db,
    String programId,
    ConfigSnapshot config,
    SyncDef sync,
    VersionStore store,
    Versioner versioner,
    ChangeLog log) {}
