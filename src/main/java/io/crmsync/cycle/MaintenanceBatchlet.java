package io.crmsync.cycle;

import io.crmsync.app.Program;
import io.crmsync.blob.BlobSpool;
import io.crmsync.log.ChangeLog;
import io.crmsync.security.Nonces;
import io.crmsync.settings.Settings;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.logging.Logger;

/**
 * The step of job {@code crmsync-log}: trims the change log to its retention
 * ({@code crmsync.log.retentionDays}, 90 by default), journal entries every sync has had
 * acknowledged, and nonces older than the replay window.
 */
@Named("maintenanceBatchlet")
@Dependent
public class MaintenanceBatchlet extends AbstractBatchlet {
  private static final Logger LOG = Logger.getLogger(MaintenanceBatchlet.class.getName());

  @Inject Program program;

  @Override
  public String process() throws Exception {
    int days = Settings.getInt(Settings.LOG_RETENTION_DAYS, 90);
    try (Connection c = program.connection()) {
      int logRows = ChangeLog.trim(c, LocalDateTime.now(ZoneOffset.UTC).minusDays(days));
      long keepFrom;
      try (Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT MIN(out_cursor)"
                      + " FROM crmsync_sync_state")) {
        rs.next();
        keepFrom = rs.getLong(1);
      }
      int journalRows = 0;
      if (keepFrom > 0) {
        // Both ends of the range, as for the log (ChangeLog.trim): with only "seq <= ?" the
        // planner may scan the whole journal to remove a few entries.
        long oldest;
        try (Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT seq FROM crmsync_journal ORDER BY seq LIMIT 1")) {
          oldest = rs.next() ? rs.getLong(1) : Long.MAX_VALUE;
        }
        if (oldest <= keepFrom) {
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM crmsync_journal WHERE seq >= ? AND seq <= ?")) {
            ps.setLong(1, oldest);
            ps.setLong(2, keepFrom);
            journalRows = ps.executeUpdate();
          }
        }
      }
      Nonces.purge(c, System.currentTimeMillis() - 3_600_000L);
      // A large value waits in the spool until its batch is acknowledged; a day covers any outage
      // the administrator notices, and a later batch spools it again from the database anyway.
      BlobSpool.purge(24 * 3_600_000L);
      int l = logRows;
      int j = journalRows;
      LOG.fine(() -> "crm-sync maintenance: " + l + " log rows, " + j + " journal entries removed");
    }
    return "COMPLETED";
  }
}
