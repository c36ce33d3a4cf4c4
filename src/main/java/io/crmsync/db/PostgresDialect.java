package io.crmsync.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** PostgreSQL: one plpgsql trigger function per synced table. */
final class PostgresDialect implements Dialect {
  @Override
  public String name() {
    return "PostgreSQL";
  }

  @Override
  public String hex(String q) {
    return "encode(" + q + ", 'hex')";
  }

  @Override
  public String sha256Hex(String q) {
    return "encode(sha256(" + q + "), 'hex')";
  }

  /**
   * Also sets {@code plan_cache_mode = force_custom_plan} for the step's transaction (like {@code
   * SET LOCAL}; the CRM's sessions keep theirs). pgjdbc prepares a statement on the server after
   * five uses, and PostgreSQL then keeps a generic plan chosen by the five costs it saw: made while
   * crm-sync's tables or a loaded table were small, {@code gid IN (?, …)} stayed a sequential scan
   * with 500 comparisons per row (370 ms per look-up of 500 records at 40,000 records, seen in the
   * benchmark) until the next automatic ANALYZE. A plan of its own for each execution costs well
   * under a millisecond.
   */
  @Override
  public String lockProgram() {
    return "SELECT config_version, set_config('plan_cache_mode', 'force_custom_plan', true)"
        + " FROM crmsync_program WHERE id = 1 FOR UPDATE";
  }

  @Override
  public String upsertVersions(int rows) {
    return "INSERT INTO crmsync_version(gid, fields) VALUES " + Dialect.tuples(rows, 2)
        + " ON CONFLICT (gid) DO UPDATE SET fields = EXCLUDED.fields";
  }

  @Override
  public void installCapture(Connection c, TableInfo table) throws SQLException {
    String fn = quote(Dialect.objectName("crmsync_cap_", table.name(), 63));
    String pk = quote(table.primaryKey());
    String insert =
        "INSERT INTO crmsync_capture(tbl, pk, op, changed_at) VALUES ("
            + Dialect.literal(table.name())
            + ", %s.%s::text, '%s', (extract(epoch from clock_timestamp()) * 1000)::bigint);";
    String body =
        "BEGIN\n"
            + " IF TG_OP = 'DELETE' THEN "
            + insert.formatted("OLD", pk, "D")
            + " RETURN OLD; END IF;\n"
            + " IF TG_OP = 'UPDATE' AND OLD."
            + pk
            + " IS DISTINCT FROM NEW."
            + pk
            + " THEN "
            + insert.formatted("OLD", pk, "D")
            + " END IF;\n "
            + insert.formatted("NEW", pk, "U")
            + "\n RETURN NEW;\nEND";
    // PostgreSQL's DDL is transactional: the trigger is replaced atomically.
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE OR REPLACE FUNCTION "
              + fn
              + "() RETURNS trigger LANGUAGE plpgsql AS $crmsync$\n"
              + body
              + "\n$crmsync$");
      s.execute("DROP TRIGGER IF EXISTS crmsync_capture ON " + quote(table.name()));
      s.execute(
          "CREATE TRIGGER crmsync_capture AFTER INSERT OR UPDATE OR DELETE ON "
              + quote(table.name())
              + " FOR EACH ROW EXECUTE FUNCTION "
              + fn
              + "()");
      c.commit();
    } catch (SQLException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(auto);
    }
  }

  @Override
  public void removeCapture(Connection c, String table) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("DROP TRIGGER IF EXISTS crmsync_capture ON " + quote(table));
      s.execute(
          "DROP FUNCTION IF EXISTS " + quote(Dialect.objectName("crmsync_cap_", table, 63)) + "()");
    }
  }
}
