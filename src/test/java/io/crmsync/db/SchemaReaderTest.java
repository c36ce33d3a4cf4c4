package io.crmsync.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SchemaReaderTest {
  private static ScratchDb crm(ScratchDb.Kind kind) throws SQLException {
    ScratchDb db = ScratchDb.create(kind);
    Migrations.migrate(db.connection(), Dialect.of(db.connection()));
    db.execute(
        "CREATE TABLE companies (id INTEGER PRIMARY KEY, title VARCHAR(100))",
        "CREATE TABLE clients (id INTEGER PRIMARY KEY, name VARCHAR(100), company_id INTEGER,"
            + " CONSTRAINT clients_company FOREIGN KEY (company_id) REFERENCES companies(id))");
    return db;
  }

  @ParameterizedTest
  @EnumSource(ScratchDb.Kind.class)
  void crmTablesAreListedButOwnTablesAreNot(ScratchDb.Kind kind) throws SQLException {
    try (ScratchDb db = crm(kind)) {
      List<String> names =
          SchemaReader.tables(db.connection()).stream().map(TableInfo::name).toList();
      assertThat(names).containsExactly(db.folded("clients"), db.folded("companies"));
    }
  }

  @ParameterizedTest
  @EnumSource(ScratchDb.Kind.class)
  void tableKnowsItsColumnsPrimaryKeyAndForeignKeys(ScratchDb.Kind kind) throws SQLException {
    try (ScratchDb db = crm(kind)) {
      TableInfo clients = SchemaReader.table(db.connection(), "clients").orElseThrow();

      assertThat(clients.columns()).extracting(ColumnInfo::name)
          .containsExactly(db.folded("id"), db.folded("name"), db.folded("company_id"));
      assertThat(clients.primaryKey()).isEqualTo(db.folded("id"));
      assertThat(clients.primaryKeyColumn().isInteger()).isTrue();
      assertThat(clients.foreignKeyColumns()).containsExactly(db.folded("company_id"));
      assertThat(clients.isForeignKey("COMPANY_ID")).isTrue();
      assertThat(clients.isForeignKey("name")).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(ScratchDb.Kind.class)
  void tableIsFoundWhateverTheCaseOfItsName(ScratchDb.Kind kind) throws SQLException {
    try (ScratchDb db = crm(kind)) {
      assertThat(SchemaReader.table(db.connection(), "CLIENTS")).map(TableInfo::name).contains(db.folded("clients"));
      assertThat(SchemaReader.table(db.connection(), "Clients")).isPresent();
      assertThat(SchemaReader.table(db.connection(), "clients")).isPresent();
    }
  }

  @ParameterizedTest
  @EnumSource(ScratchDb.Kind.class)
  void ownAndMissingTablesAreNotFound(ScratchDb.Kind kind) throws SQLException {
    try (ScratchDb db = crm(kind)) {
      assertThat(SchemaReader.table(db.connection(), "crmsync_capture")).isEmpty();
      assertThat(SchemaReader.table(db.connection(), "CRMSYNC_JOURNAL")).isEmpty();
      assertThat(SchemaReader.table(db.connection(), "nowhere")).isEmpty();
      assertThat(SchemaReader.table(db.connection(), "")).isEmpty();
      assertThat(SchemaReader.table(db.connection(), null)).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(ScratchDb.Kind.class)
  void tableWithoutASingleColumnKeyHasNoPrimaryKey(ScratchDb.Kind kind) throws SQLException {
    try (ScratchDb db = crm(kind)) {
      db.execute("CREATE TABLE pairs (a INTEGER NOT NULL, b INTEGER NOT NULL, PRIMARY KEY (a, b))");
      assertThat(SchemaReader.table(db.connection(), "pairs").orElseThrow().primaryKey()).isNull();
    }
  }
  @ParameterizedTest
  @EnumSource(ScratchDb.Kind.class)
  void underscoreInATableNameMatchesOnlyThatTable(ScratchDb.Kind kind) throws SQLException {
    try (ScratchDb db = crm(kind)) {
      db.execute(
          "CREATE TABLE crm_item (id INTEGER PRIMARY KEY, name VARCHAR(10))",
          "CREATE TABLE crmxitem (id INTEGER PRIMARY KEY, other VARCHAR(10))");
      TableInfo item = SchemaReader.table(db.connection(), "crm_item").orElseThrow();
      assertThat(item.columns()).extracting(ColumnInfo::name).containsExactly(db.folded("id"), db.folded("name"));
    }
  }
}
