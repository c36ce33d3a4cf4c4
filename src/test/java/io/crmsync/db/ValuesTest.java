package io.crmsync.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Values read and bound through a real H2 table with one column of each JDBC type family. */
class ValuesTest {
  private ScratchDb db;
  private TableInfo table;

  @BeforeEach
  void createTable() throws SQLException {
    db = ScratchDb.create(ScratchDb.Kind.H2);
    db.execute(
        "CREATE TABLE kinds (id INTEGER PRIMARY KEY, s VARCHAR(100), i INTEGER, b BIGINT,"
            + " n NUMERIC(12,2), d DOUBLE PRECISION, f BOOLEAN, dt DATE, tm TIME, ts TIMESTAMP,"
            + " bin VARBINARY(100))");
    table = SchemaReader.table(db.connection(), "kinds").orElseThrow();
  }

  @AfterEach
  void drop() throws SQLException {
    db.close();
  }

  private static final List<String> COLUMNS = List.of("S", "I", "B", "N", "D", "F", "DT", "TM", "TS", "BIN");

  /** Binds one text per column into a new row, reads the row back as text. */
  private List<String> roundTrip(String... texts) throws SQLException {
    try (PreparedStatement ps =
        db.connection()
            .prepareStatement("INSERT INTO kinds VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (int i = 0; i < COLUMNS.size(); i++) {
        Values.bind(ps, i + 1, column(COLUMNS.get(i)), texts[i]);
      }
      ps.executeUpdate();
    }
    List<String> back = new ArrayList<>();
    try (PreparedStatement ps =
            db.connection().prepareStatement("SELECT " + String.join(",", COLUMNS.subList(0, 9))
                + ", " + new H2Dialect().readBinary("BIN") + " FROM kinds");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      for (int i = 0; i < COLUMNS.size(); i++) {
        back.add(Values.read(rs, i + 1, column(COLUMNS.get(i))));
      }
    }
    return back;
  }

  /** Binds one text into one column and reads it back. */
  private String roundTrip(String column, String text) throws SQLException {
    String[] texts = new String[COLUMNS.size()];
    texts[COLUMNS.indexOf(column)] = text;
    return roundTrip(texts).get(COLUMNS.indexOf(column));
  }

  private ColumnInfo column(String name) {
    return table.column(name).orElseThrow();
  }

  @Test
  void everyTypeSurvivesTheRoundTripInItsTextForm() throws SQLException {
    String bytes = "hex:000102ff";
    String[] texts = {
      "Иванов 🙂 漢字", "-42", "9007199254740993", "12.50", "1.5", "true", "2024-02-29", "13:45:30",
      "2024-02-29T13:45:30.123", bytes
    };
    assertThat(roundTrip(texts)).containsExactly(texts);
  }

  @Test
  void nullsSurviveTheRoundTripInEveryType() throws SQLException {
    assertThat(roundTrip(new String[COLUMNS.size()])).containsOnlyNulls().hasSize(COLUMNS.size());
  }

  @Test
  void emptyTextStaysEmptyInATextColumn() throws SQLException {
    assertThat(roundTrip("S", "")).isEmpty();
  }

  @Test
  void booleanTextBindsIntoAnIntegerColumn() throws SQLException {
    assertThat(roundTrip("I", "true")).isEqualTo("1");
  }

  @Test
  void falseBindsAsZeroInANumericColumn() throws SQLException {
    assertThat(roundTrip("N", "false")).isEqualTo("0.00");
  }

  @Test
  void decimalTextBindsIntoANumericColumnWithItsScale() throws SQLException {
    assertThat(roundTrip("N", "12.50")).isEqualTo("12.50");
    db.execute("DELETE FROM kinds");
    assertThat(roundTrip("N", "7")).isEqualTo("7.00");
  }

  @Test
  void wholeDecimalBindsIntoAnIntegerColumn() throws SQLException {
    assertThat(roundTrip("B", "7.00")).isEqualTo("7");
  }

  @Test
  void integerTextBindsIntoABooleanColumn() throws SQLException {
    assertThat(roundTrip("F", "1")).isEqualTo("true");
  }

  @Test
  void dateTimeBindsIntoADateColumnAsItsDate() throws SQLException {
    assertThat(roundTrip("DT", "2024-02-29T23:59:59")).isEqualTo("2024-02-29");
  }

  @Test
  void dateBindsIntoATimestampColumnAsMidnight() throws SQLException {
    assertThat(roundTrip("TS", "2024-02-29")).isEqualTo("2024-02-29T00:00");
  }

  @Test
  void dateTimeWithOffsetBindsIntoATimestampColumn() throws SQLException {
    assertThat(roundTrip("TS", "2024-02-29T10:15:00Z")).startsWith("2024-02-29T10:15");
  }

  @Test
  void badTextIsAnErrorThatNamesTheColumn() {
    for (String[] bad :
        new String[][] {
          {"I", "abc"}, {"I", "1.5"}, {"B", "99999999999999999999"}, {"N", "twelve"}, {"D", "x"},
          {"F", "maybe"}, {"DT", "29.02.2024"}, {"TM", "25:00"}, {"TS", "yesterday"}, {"BIN", "not base64!"}
        }) {
      assertThatThrownBy(() -> roundTrip(bad[0], bad[1]))
          .as(Arrays.toString(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("column " + bad[0] + " (");
    }
  }
}
