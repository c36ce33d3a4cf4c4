package io.crmsync.admin;

import io.crmsync.config.SyncDef;
import io.crmsync.cycle.SyncEngine;
import io.crmsync.db.Database;
import io.crmsync.exchange.Applier;
import io.crmsync.exchange.Quarantine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The records of a sync that this program's database refused: list them, apply them again once
 * the cause is fixed, or discard one that is not wanted.
 */
@ApplicationScoped
public class QuarantineAdmin {
  @Inject Database db;
  @Inject SyncAdmin syncs;
  @Inject SyncEngine engine;

  public List<Quarantine.Entry> list(long syncId) {
    syncs.find(syncId);
    try (Connection c = db.connection()) {
      return Quarantine.list(c, syncId, null);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the quarantine of sync " + syncId + ": " + e.getMessage(), e);
    }
  }

  /** Applies every quarantined record of the sync again, or only record {@code id} (404 if none). */
  public Applier.RetryResult retry(long syncId, Long id) {
    SyncDef sync = syncs.find(syncId);
    Applier.RetryResult result;
    try {
      result = engine.retryQuarantined(sync, id);
    } catch (SQLException e) {
      throw new IllegalStateException("the retry failed and changed nothing: " + e.getMessage(), e);
    }
    if (id != null && result.tried() == 0) {
      throw notFound(syncId, id);
    }
    return result;
  }

  /** Drops record {@code id} from the quarantine without applying it (404 if there is none). */
  public void discard(long syncId, long id) {
    syncs.find(syncId);
    try (Connection c = db.connection()) {
      if (!Quarantine.remove(c, syncId, id)) {
        throw notFound(syncId, id);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot discard quarantined record " + id + ": " + e.getMessage(), e);
    }
  }

  private static ApiException notFound(long syncId, long id) {
    return ApiException.notFound("sync " + syncId + " has no quarantined record " + id);
  }
}
