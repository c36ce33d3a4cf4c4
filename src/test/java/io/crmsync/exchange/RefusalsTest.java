package io.crmsync.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.crmsync.db.ScratchDb;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Which failures quarantine a record: what each real driver reports for a refused value, in a
 * JDBC batch as the applier sends it, and that the transaction goes on after a rollback to a
 * savepoint.
 */
class RefusalsTest {

  @ParameterizedTest
  @EnumSource(ScratchDb.Kind.class)
  void everyDriverReportsRefusedValuesAsRefusalsAndTheTransactionGoesOnAfterTheSavepoint(ScratchDb.Kind kind)
      throws SQLException {
    try (ScratchDb db = ScratchDb.create(kind)) {
      db.execute(
          "CREATE TABLE t (id INTEGER PRIMARY KEY, s VARCHAR(3) NOT NULL, u VARCHAR(10))",
          "CREATE UNIQUE INDEX t_u ON t (u)",
          "INSERT INTO t (id, s, u) VALUES (1, 'a', 'taken')");
      Connection c = db.connection();
      c.setAutoCommit(false);
      try {
        for (List<Object> bad :
            List.of(
                List.<Object>of(2, "too long", "x"), // value too long
                java.util.Arrays.<Object>asList(3, null, "y"), // NOT NULL
                List.<Object>of(4, "b", "taken"))) { // unique
          Savepoint sp = c.setSavepoint();
          SQLException e =
              catchThrowableOfType(
                  () -> {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO t (id, s, u) VALUES (?, ?, ?)")) {
                      ps.setObject(1, bad.get(0));
                      ps.setObject(2, bad.get(1));
                      ps.setObject(3, bad.get(2));
                      ps.addBatch();
                      ps.executeBatch();
                    }
                  },
                  SQLException.class);
          assertThat((Object) e).as("%s: %s", kind, bad).isNotNull();
          assertThat(Refusals.refused(e)).as("%s: %s -> %s", kind, bad, e).isTrue();
          assertThat(Refusals.reason(e)).as(kind.name()).isNotBlank().contains("SQLSTATE");
          c.rollback(sp);
        }
        // A NOT NULL column without a default left out (MariaDB: error 1364 under SQLSTATE HY000).
        Savepoint sp = c.setSavepoint();
        SQLException e =
            catchThrowableOfType(
                () -> {
                  try (PreparedStatement ps = c.prepareStatement("INSERT INTO t (id, u) VALUES (?, ?)")) {
                    ps.setInt(1, 6);
                    ps.setString(2, "z");
                    ps.addBatch();
                    ps.executeBatch();
                  }
                },
                SQLException.class);
        assertThat((Object) e).as(kind.name()).isNotNull();
        assertThat(Refusals.refused(e)).as("%s: column left out -> %s", kind, e).isTrue();
        c.rollback(sp);
        try (Statement s = c.createStatement()) {
          s.executeUpdate("INSERT INTO t (id, s, u) VALUES (5, 'ok', 'free')");
        }
        c.commit();
      } finally {
        c.setAutoCommit(true);
      }
      try (Statement s = c.createStatement();
          var rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
        rs.next();
        assertThat(rs.getInt(1)).as("the rows after the refusals").isEqualTo(2);
      }
    }
  }

  @Test
  void transientFailuresAreNeverRefusalsEvenWhenAChainedErrorIs() {
    assertThat(Refusals.refused(new SQLException("deadlock detected", "40P01"))).isFalse();
    assertThat(Refusals.refused(new SQLException("could not serialize access", "40001"))).isFalse();
    assertThat(Refusals.refused(new SQLException("connection reset", "08006"))).isFalse();
    assertThat(Refusals.refused(new SQLException("terminating connection", "57P01"))).isFalse();
    assertThat(Refusals.refused(new SQLException("no state"))).isFalse();
    SQLException deadlockFirst = new SQLException("deadlock", "40P01");
    deadlockFirst.setNextException(new SQLException("duplicate key", "23505"));
    assertThat(Refusals.refused(deadlockFirst)).isFalse();
  }

  @Test
  void aRefusalInsideABatchExceptionCounts() {
    BatchUpdateException batch = new BatchUpdateException("Batch entry 0 was aborted", null, 0, new int[0]);
    batch.setNextException(new SQLException("value too long for type character varying(10)", "22001"));
    assertThat(Refusals.refused(batch)).isTrue();
    assertThat(Refusals.reason(batch)).isEqualTo("value too long for type character varying(10) [SQLSTATE 22001]");
    assertThat(Refusals.refused(new SQLException("wrapped", new SQLException("null value", "23502")))).isTrue();
  }
}
