package io.crmsync.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.blob.BlobRef;
import io.crmsync.blob.BlobSpool;
import io.crmsync.journal.CrmRows;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.PreparedStatement;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Binary values on each database: small ones inline, large ones by reference, streamed both ways. */
class LargeValuesTest {
  @TempDir Path spool;

  @ParameterizedTest
  @EnumSource(ScratchDb.Kind.class)
  void aLargeValueIsReadByReferenceCopiedInPiecesAndWrittenFromTheSpool(ScratchDb.Kind kind) throws Exception {
    BlobSpool.init(spool);
    try (ScratchDb db = ScratchDb.create(kind)) {
      String type = switch (kind) {
        case H2 -> "BLOB";
        case POSTGRES -> "BYTEA";
        case MARIADB -> "LONGBLOB";
      };
      db.execute("CREATE TABLE docs (id INTEGER PRIMARY KEY, doc " + type + ")");
      Dialect d = Dialect.of(db.connection());
      TableInfo table = SchemaReader.table(db.connection(), db.folded("docs")).orElseThrow();
      ColumnInfo doc = table.column(db.folded("doc")).orElseThrow();
      byte[] large = new byte[LargeValues.PIECE * 2 + 12_345];
      new Random(7).nextBytes(large);
      byte[] small = {0, 1, 2, (byte) 255};
      try (PreparedStatement ps = db.connection().prepareStatement("INSERT INTO docs VALUES (?, ?)")) {
        ps.setInt(1, 1);
        ps.setBytes(2, large);
        ps.executeUpdate();
        ps.setInt(1, 2);
        ps.setBytes(2, small);
        ps.executeUpdate();
        ps.setInt(1, 3);
        ps.setNull(2, doc.jdbcType());
        ps.executeUpdate();
      }

      CrmRows rows = new CrmRows(d, table, List.of(doc));
      Map<String, String[]> read = rows.byIds(db.connection(), List.of("1", "2", "3"), false);
      BlobRef ref = new BlobRef(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(large)),
          large.length);
      assertThat(read.get("1")[0]).isEqualTo(ref.text());
      assertThat(read.get("2")[0]).isEqualTo("hex:000102ff");
      assertThat(read.get("3")[0]).isNull();

      ByteArrayOutputStream copy = new ByteArrayOutputStream();
      LargeValues.copy(db.connection(), d, table, "1", doc, ref.length(), copy);
      assertThat(copy.toByteArray()).isEqualTo(large);

      BlobSpool.put(ref, out -> out.write(large));
      try (PreparedStatement ps = db.connection().prepareStatement("INSERT INTO docs VALUES (?, ?)")) {
        ps.setInt(1, 4);
        Values.bind(ps, 2, doc, ref.text());
        ps.executeUpdate();
        ps.setInt(1, 5);
        Values.bind(ps, 2, doc, "hex:000102ff");
        ps.executeUpdate();
      }
      Map<String, String[]> written = rows.byIds(db.connection(), List.of("4", "5"), false);
      assertThat(written.get("4")[0]).isEqualTo(ref.text());
      assertThat(written.get("5")[0]).isEqualTo("hex:000102ff");
    }
  }
}
