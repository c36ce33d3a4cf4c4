package io.crmsync.log;

import io.crmsync.db.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The names of programs by program id ({@code crmsync_origin}), so that the change log names the
 * program an edit came from. Programs tell each other their own name and those of the origins of
 * the values they send (batch member {@code names}); this program's own is written the same way.
 */
public final class OriginNames {
  private static final int MAX_NAME = 200;

  private OriginNames() {}

  /** The known names of the given program ids. */
  public static Map<String, String> of(Connection c, Collection<String> ids) throws SQLException {
    Map<String, String> out = new HashMap<>();
    List<String> wanted = ids.stream().filter(id -> id != null).distinct().toList();
    for (List<String> chunk : Sql.chunks(wanted)) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT origin, name FROM crmsync_origin WHERE origin IN ("
                  + Sql.placeholders(chunk.size()) + ")")) {
        int i = 1;
        for (String id : chunk) {
          ps.setString(i++, id);
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.put(rs.getString(1), rs.getString(2));
          }
        }
      }
    }
    return out;
  }

  /** Keeps the given names; writes only those that are new or changed. */
  public static void remember(Connection c, Map<String, String> names) throws SQLException {
    if (names.isEmpty()) {
      return;
    }
    Map<String, String> known = of(c, names.keySet());
    List<Map.Entry<String, String>> changed = new ArrayList<>();
    for (Map.Entry<String, String> e : names.entrySet()) {
      String name = e.getValue() == null ? null : e.getValue().strip();
      if (e.getKey() == null || e.getKey().length() > 36 || name == null || name.isEmpty()) {
        continue;
      }
      name = name.length() > MAX_NAME ? name.substring(0, MAX_NAME) : name;
      if (!name.equals(known.get(e.getKey()))) {
        changed.add(Map.entry(e.getKey(), name));
      }
    }
    for (Map.Entry<String, String> e : changed) {
      String sql =
          known.containsKey(e.getKey())
              ? "UPDATE crmsync_origin SET name = ? WHERE origin = ?"
              : "INSERT INTO crmsync_origin(name, origin) VALUES (?, ?)";
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, e.getValue());
        ps.setString(2, e.getKey());
        ps.executeUpdate();
      }
    }
  }
}
