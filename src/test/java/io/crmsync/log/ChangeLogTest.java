package io.crmsync.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.db.Dialect;
import io.crmsync.db.Migrations;
import io.crmsync.db.ScratchDb;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ChangeLogTest {

    @ParameterizedTest
    @EnumSource(ScratchDb.Kind.class)
    void trimmingRemovesTheRowsWrittenBeforeTheCutOffAndKeepsTheRest(ScratchDb.Kind kind) throws SQLException {
        try (ScratchDb db = ScratchDb.create(kind)) {
            Migrations.migrate(db.connection(), Dialect.of(db.connection()));
            LocalDateTime now = LocalDateTime.of(2026, 11, 26, 12, 0);
            for (int i = 0; i < 10; i++) {
                // ids grow with time, as written by ChangeLog: rows 0-5 are 100 to 50 days old
                db.execute("INSERT INTO crmsync_log(at, sync_id, sync_name, direction, tbl, record_id, col,"
                        + " new_value) VALUES (TIMESTAMP '" + now.minusDays(100 - 10L * i).toString().replace('T', ' ')
                        + "', 1, 's', 'IN', 't', '" + i + "', 'c', 'v" + i + "')");
            }

            assertThat(ChangeLog.trim(db.connection(), now.minusDays(45))).isEqualTo(6);
            assertThat(values(db)).containsExactly("v6", "v7", "v8", "v9");
            assertThat(ChangeLog.trim(db.connection(), now.minusDays(45))).isZero();

            assertThat(ChangeLog.trim(db.connection(), now)).as("every row older than the cut-off").isEqualTo(4);
            assertThat(values(db)).isEmpty();
            assertThat(ChangeLog.trim(db.connection(), now)).as("an empty log").isZero();
        }
    }

    private static List<String> values(ScratchDb db) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = db.connection().createStatement();
                ResultSet rs = s.executeQuery("SELECT new_value FROM crmsync_log ORDER BY id")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
