package io.crmsync.db;

import io.crmsync.blob.BlobSpool;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Reads a large binary value out of a CRM row piece by piece ({@link Dialect#binaryPiece}), so
 * that only one piece is in memory at a time, whatever the driver does with whole values.
 */
public final class LargeValues {
  static final int PIECE = 1 << 20;

  private LargeValues() {}

  /** Writes {@code length} bytes of the column's value in the row with this local id to {@code out}. */
  public static void copy(
      Connection c, Dialect d, TableInfo table, String localId, ColumnInfo column, long length, OutputStream out)
      throws SQLException, IOException {
    String sql =
        "SELECT " + d.binaryPiece(d.quote(column.name())) + " FROM " + d.quote(table.name()) + " WHERE "
            + d.quote(table.primaryKey()) + " = ?";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (long start = 0; start < length; start += PIECE) {
        // int parameters: PostgreSQL's substring(bytea) takes integers (values up to 2 GB)
        ps.setInt(1, Math.toIntExact(start + 1));
        ps.setInt(2, (int) Math.min(PIECE, length - start));
        Values.bind(ps, 3, table.primaryKeyColumn(), localId);
        try (ResultSet rs = ps.executeQuery()) {
          byte[] piece = rs.next() ? rs.getBytes(1) : null;
          if (piece == null || piece.length == 0) {
            throw new BlobSpool.MismatchException("the value of " + table.name() + "." + column.name() + " in row " + localId
                + " changed while it was read (" + start + " of " + length + " bytes)");
          }
          out.write(piece);
        }
      }
    }
  }
}
