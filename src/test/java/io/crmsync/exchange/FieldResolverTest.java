package io.crmsync.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.config.FieldDef;
import io.crmsync.config.TableDef;
import io.crmsync.core.CatalogEntry;
import io.crmsync.core.Direction;
import java.util.List;
import org.junit.jupiter.api.Test;

class FieldResolverTest {
  private static final long SYNC = 1;

  private static FieldDef field(int number, String table, String column, Integer remote) {
    return new FieldDef(number, SYNC, table, column, Direction.BOTH, remote);
  }

  private static CatalogEntry sent(int number, String table, String column, Integer remote) {
    return new CatalogEntry(number, table, column, Direction.BOTH, remote);
  }

  private static TableDef renamed(String table, String remoteTable) {
    return new TableDef(SYNC, table, remoteTable, null, null, null);
  }

  @Test
  void receiversMappingWins() {
    FieldDef mapped = field(10, "clients", "full_name", 3);
    FieldResolver r =
        new FieldResolver(
            List.of(field(11, "clients", "name", null), mapped),
            List.of(),
            List.of(sent(3, "clients", "name", null)));
    assertThat(r.resolve(3)).contains(mapped);
  }

  @Test
  void receiversMappingWorksWithoutACatalog() {
    FieldDef mapped = field(10, "clients", "name", 3);
    assertThat(new FieldResolver(List.of(mapped), List.of(), List.of()).resolve(3)).contains(mapped);
  }

  @Test
  void sendersMappingNamesTheReceiversField() {
    FieldDef target = field(20, "customers", "title", null);
    FieldResolver r =
        new FieldResolver(
            List.of(field(21, "clients", "name", null), target),
            List.of(),
            List.of(sent(5, "clients", "name", 20)));
    assertThat(r.resolve(5)).contains(target);
  }

  @Test
  void sendersMappingToAnUnknownFieldResolvesToNothing() {
    FieldResolver r =
        new FieldResolver(
            List.of(field(21, "clients", "name", null)), List.of(), List.of(sent(5, "clients", "name", 99)));
    assertThat(r.resolve(5)).isEmpty();
  }

  @Test
  void unmappedFieldMatchesByNameThroughTheTableMapping() {
    FieldDef name = field(30, "clients", "name", null);
    FieldResolver r =
        new FieldResolver(
            List.of(name),
            List.of(renamed("clients", "customers")),
            List.of(sent(7, "customers", "NAME", null)));
    assertThat(r.resolve(7)).contains(name);
    assertThat(r.localTable("Customers")).contains("clients");
  }

  @Test
  void unmappedFieldMatchesBySameTableNameWhateverTheCase() {
    // H2 reports upper-case names, PostgreSQL lower-case ones.
    FieldDef name = field(30, "CLIENTS", "NAME", null);
    FieldResolver r =
        new FieldResolver(List.of(name), List.of(), List.of(sent(7, "clients", "name", null)));
    assertThat(r.resolve(7)).contains(name);
    assertThat(r.localTable("clients")).contains("CLIENTS");
  }

  @Test
  void renamedTableNoLongerMatchesBySameName() {
    FieldResolver r =
        new FieldResolver(
            List.of(field(30, "clients", "name", null)),
            List.of(renamed("clients", "customers")),
            List.of(sent(7, "clients", "name", null)));
    assertThat(r.resolve(7)).isEmpty();
    assertThat(r.localTable("clients")).isEmpty();
  }

  @Test
  void explicitlyMappedFieldIsNotAlsoMatchedByName() {
    FieldResolver r =
        new FieldResolver(
            List.of(field(30, "clients", "name", 1)),
            List.of(),
            List.of(sent(1, "clients", "city", null), sent(2, "clients", "name", null)));
    assertThat(r.resolve(2)).isEmpty();
  }

  @Test
  void unknownNumbersColumnsAndTablesResolveToNothing() {
    FieldResolver r =
        new FieldResolver(
            List.of(field(30, "clients", "name", null)),
            List.of(),
            List.of(sent(1, "clients", "phone", null), sent(2, "orders", "name", null)));
    assertThat(r.resolve(1)).isEmpty();
    assertThat(r.resolve(2)).isEmpty();
    assertThat(r.resolve(99)).isEmpty();
    assertThat(r.localTable("orders")).isEmpty();
  }

  @Test
  void tableOfAnExplicitlyMappedFieldIsTheLocalTable() {
    FieldResolver r =
        new FieldResolver(
            List.of(field(30, "customers", "title", 4)),
            List.of(),
            List.of(sent(4, "clients", "name", null)));
    assertThat(r.localTable("clients")).contains("customers");
  }
}
