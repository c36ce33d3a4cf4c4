package io.crmsync.db;

import io.crmsync.blob.BlobRef;
import io.crmsync.blob.BlobSpool;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Converts CRM column values to the text form that travels between programs and back. Numbers
 * travel as plain decimals, dates and times in ISO-8601, booleans as true/false, binary values as
 * {@code hex:<bytes>} or, when large, as a {@link BlobRef} whose bytes travel separately, and SQL
 * NULL as null; the receiver converts to its own column's type.
 */
public final class Values {
  private Values() {}

  /** Reads column {@code index} of the current row in its text form. */
  public static String read(ResultSet rs, int index, ColumnInfo column) throws SQLException {
    String text =
        switch (column.jdbcType()) {
          case Types.INTEGER, Types.SMALLINT, Types.TINYINT, Types.BIGINT -> {
            long v = rs.getLong(index);
            yield rs.wasNull() ? null : Long.toString(v);
          }
          case Types.NUMERIC, Types.DECIMAL -> {
            BigDecimal v = rs.getBigDecimal(index);
            yield v == null ? null : v.toPlainString();
          }
          case Types.REAL, Types.FLOAT, Types.DOUBLE -> {
            double v = rs.getDouble(index);
            yield rs.wasNull() ? null : Double.toString(v);
          }
          case Types.BOOLEAN, Types.BIT -> {
            boolean v = rs.getBoolean(index);
            yield rs.wasNull() ? null : Boolean.toString(v);
          }
          case Types.DATE -> str(rs.getObject(index, LocalDate.class));
          case Types.TIME -> str(rs.getObject(index, LocalTime.class));
          case Types.TIMESTAMP -> str(rs.getObject(index, LocalDateTime.class));
          case Types.TIMESTAMP_WITH_TIMEZONE -> str(rs.getObject(index, OffsetDateTime.class));
          // Selected through Dialect#readBinary: already in text form.
          case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> rs.getString(index);
          default -> rs.getString(index);
        };
    return text;
  }

  private static String str(Object o) {
    return o == null ? null : o.toString();
  }

  /**
   * Binds a value in text form to parameter {@code index}, converted to the column's type.
   *
   * @throws IllegalArgumentException if the text is not a valid value of that type
   */
  public static void bind(PreparedStatement ps, int index, ColumnInfo column, String text)
      throws SQLException {
    if (text == null) {
      ps.setNull(index, column.jdbcType() == Types.OTHER ? Types.OTHER : column.jdbcType());
      return;
    }
    try {
      switch (column.jdbcType()) {
        case Types.INTEGER, Types.SMALLINT, Types.TINYINT, Types.BIGINT ->
            ps.setLong(index, toLong(text));
        case Types.NUMERIC, Types.DECIMAL -> ps.setBigDecimal(index, toDecimal(text));
        case Types.REAL, Types.FLOAT, Types.DOUBLE -> ps.setDouble(index, Double.parseDouble(text));
        case Types.BOOLEAN, Types.BIT -> ps.setBoolean(index, toBoolean(text));
        case Types.DATE -> ps.setObject(index, LocalDate.parse(text.substring(0, 10)));
        case Types.TIME -> ps.setObject(index, LocalTime.parse(text));
        case Types.TIMESTAMP -> ps.setObject(index, toDateTime(text));
        case Types.TIMESTAMP_WITH_TIMEZONE -> ps.setObject(index, OffsetDateTime.parse(text));
        case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB ->
            bindBinary(ps, index, text);
        case Types.OTHER -> ps.setObject(index, text, Types.OTHER);
        default -> ps.setString(index, text);
      }
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "value '" + abbreviate(text) + "' does not fit column " + column.name() + " ("
              + column.typeName() + ")",
          e);
    }
  }

  /** {@code hex:} inline bytes, or a large value from the spool (streamed), or legacy Base64. */
  private static void bindBinary(PreparedStatement ps, int index, String text) throws SQLException {
    if (text.startsWith("hex:")) {
      ps.setBytes(index, HexFormat.of().parseHex(text, 4, text.length()));
      return;
    }
    Optional<BlobRef> ref = BlobRef.parse(text);
    if (ref.isPresent()) {
      try {
        ps.setBinaryStream(index, BlobSpool.open(ref.get()), ref.get().length());
      } catch (IOException e) {
        throw new SQLException(e.getMessage(), e);
      }
      return;
    }
    ps.setBytes(index, Base64.getDecoder().decode(text));
  }

  /** Whether a column holds binary values (which are read with {@link Dialect#readBinary}). */
  public static boolean isBinary(ColumnInfo column) {
    return switch (column.jdbcType()) {
      case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> true;
      default -> false;
    };
  }

  private static long toLong(String text) {
    if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(text) ? 1 : 0;
    }
    return new BigDecimal(text).longValueExact();
  }

  private static BigDecimal toDecimal(String text) {
    if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(text) ? BigDecimal.ONE : BigDecimal.ZERO;
    }
    return new BigDecimal(text);
  }

  private static boolean toBoolean(String text) {
    return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true", "1", "t", "yes", "y" -> true;
      case "false", "0", "f", "no", "n" -> false;
      default -> throw new IllegalArgumentException("not a boolean: " + text);
    };
  }

  private static LocalDateTime toDateTime(String text) {
    if (text.length() == 10) {
      return LocalDate.parse(text).atStartOfDay();
    }
    if (text.endsWith("Z") || text.matches(".*[+-]\\d\\d:\\d\\d$")) {
      return OffsetDateTime.parse(text).toLocalDateTime();
    }
    return LocalDateTime.parse(text);
  }

  /** A value cut to a length fit for messages and the change log. */
  public static String abbreviate(String text) {
    return text == null || text.length() <= 200 ? text : text.substring(0, 200) + "…";
  }
}
