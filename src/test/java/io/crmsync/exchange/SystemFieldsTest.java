package io.crmsync.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.config.TableDef;
import io.crmsync.db.ColumnInfo;
import io.crmsync.db.TableInfo;
import java.sql.Types;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SystemFieldsTest {
  private static ColumnInfo col(String name) {
    return new ColumnInfo(name, Types.VARCHAR, "VARCHAR", false, false);
  }

  private static final TableInfo CLIENTS =
      new TableInfo(
          "CLIENTS",
          "ID",
          List.of(col("ID"), col("NAME"), col("IS_DELETED"), col("STATE"), col("CREATED_AT"), col("ENTERED")),
          Set.of());

  private static TableDef def(String status, String deletedValue, String added) {
    return new TableDef(1, "CLIENTS", null, status, deletedValue, added);
  }

  @Test
  void systemFieldsAreFoundByTheirUsualNamesWhateverTheCase() {
    assertThat(SystemFields.status(CLIENTS, null)).map(ColumnInfo::name).contains("IS_DELETED");
    assertThat(SystemFields.addedTime(CLIENTS, null)).map(ColumnInfo::name).contains("CREATED_AT");
    assertThat(SystemFields.status(CLIENTS, def(null, null, null))).map(ColumnInfo::name).contains("IS_DELETED");
  }

  @Test
  void configuredColumnsOverrideTheUsualNames() {
    TableDef def = def("state", "X", "entered");
    assertThat(SystemFields.status(CLIENTS, def)).map(ColumnInfo::name).contains("STATE");
    assertThat(SystemFields.addedTime(CLIENTS, def)).map(ColumnInfo::name).contains("ENTERED");
    assertThat(SystemFields.deletedValue(def)).isEqualTo("X");
  }

  @Test
  void emptyConfiguredColumnMeansNone() {
    TableDef def = def("", null, "");
    assertThat(SystemFields.status(CLIENTS, def)).isEmpty();
    assertThat(SystemFields.addedTime(CLIENTS, def)).isEmpty();
  }

  @Test
  void configuredColumnThatDoesNotExistIsNone() {
    assertThat(SystemFields.status(CLIENTS, def("gone", null, null))).isEmpty();
  }

  @Test
  void deletedValueDefaultsToOne() {
    assertThat(SystemFields.deletedValue(null)).isEqualTo("1");
    assertThat(SystemFields.deletedValue(def(null, null, null))).isEqualTo("1");
  }

  @Test
  void tableWithoutSuchColumnsHasNoSystemFields() {
    TableInfo plain = new TableInfo("t", "id", List.of(col("id"), col("name")), Set.of());
    assertThat(SystemFields.status(plain, null)).isEmpty();
    assertThat(SystemFields.addedTime(plain, null)).isEmpty();
  }

  @Test
  void primaryKeyIsNeverTakenForASystemField() {
    TableInfo odd = new TableInfo("t", "created", List.of(col("created"), col("name")), Set.of());
    assertThat(SystemFields.addedTime(odd, null)).isEmpty();
  }
}
