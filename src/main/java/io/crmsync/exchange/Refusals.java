package io.crmsync.exchange;

import java.sql.SQLException;
import java.util.Set;

/**
 * Which database errors mean that the receiving database refused a record's data (the record goes
 * to the {@link Quarantine}, the rest of the batch flows) and which are worth retrying the whole
 * batch for; and the reason kept with a refused record. Pure functions of the exception chain, so
 * that tests drive them with every real driver's errors.
 */
public final class Refusals {
  private static final int MAX_REASON = 2000;

  private Refusals() {}

  /**
   * MariaDB/MySQL errors that refuse data under SQLSTATE HY000 ("general error") instead of a class
   * 22 or 23 state: 1364 a NOT NULL column without a default left out of an INSERT, 1366 and 1292
   * an incorrect value, 3819 and 4025 a CHECK constraint.
   */
  private static final Set<Integer> MARIADB_REFUSALS = Set.of(1364, 1366, 1292, 3819, 4025);

  /**
   * Whether an error means that the database refused the data (SQLSTATE class 23, integrity
   * constraint, or 22, data exception, or one of {@link #MARIADB_REFUSALS}), as opposed to a
   * failure worth retrying the whole batch for: a deadlock or serialization failure (40), a lost
   * connection (08), a shutdown (57).
   */
  public static boolean refused(SQLException e) {
    boolean refused = false;
    for (Throwable t = e; t != null; t = next(t)) {
      if (t instanceof SQLException s && s.getSQLState() != null) {
        String state = s.getSQLState();
        if (state.startsWith("40") || state.startsWith("08") || state.startsWith("57")) {
          return false;
        }
        refused |= refusal(s);
      }
    }
    return refused;
  }

  private static boolean refusal(SQLException s) {
    String state = s.getSQLState();
    return state.startsWith("23") || state.startsWith("22")
        || ("HY000".equals(state) && MARIADB_REFUSALS.contains(s.getErrorCode()));
  }

  private static Throwable next(Throwable t) {
    if (t instanceof SQLException s && s.getNextException() != null && s.getNextException() != t) {
      return s.getNextException();
    }
    return t.getCause() == t ? null : t.getCause();
  }

  /** The database's own words, without the JDBC driver's batch wrapping where it adds any. */
  public static String reason(SQLException e) {
    SQLException deepest = e;
    for (Throwable t = e; t != null; t = next(t)) {
      if (t instanceof SQLException s && s.getSQLState() != null && refusal(s)) {
        deepest = s;
      }
    }
    String message = deepest.getMessage() == null ? deepest.toString() : deepest.getMessage();
    String state = deepest.getSQLState() == null ? "" : " [SQLSTATE " + deepest.getSQLState() + "]";
    String out = message.strip() + state;
    return out.length() > MAX_REASON ? out.substring(0, MAX_REASON - 1) + "…" : out;
  }
}
