package io.crmsync.db;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Small helpers for statements with IN lists. */
public final class Sql {
  /** Longest IN list used in one statement. */
  public static final int CHUNK = 500;

  private Sql() {}

  public static String placeholders(int n) {
    return String.join(", ", java.util.Collections.nCopies(n, "?"));
  }

  /** Binds a nullable BIGINT. */
  public static void setNullableLong(java.sql.PreparedStatement ps, int i, Long v)
      throws java.sql.SQLException {
    if (v == null) {
      ps.setNull(i, java.sql.Types.BIGINT);
    } else {
      ps.setLong(i, v);
    }
  }

  public static <T> List<List<T>> chunks(Collection<T> items) {
    List<List<T>> out = new ArrayList<>();
    List<T> current = new ArrayList<>();
    for (T item : items) {
      current.add(item);
      if (current.size() == CHUNK) {
        out.add(current);
        current = new ArrayList<>();
      }
    }
    if (!current.isEmpty()) {
      out.add(current);
    }
    return out;
  }
}
