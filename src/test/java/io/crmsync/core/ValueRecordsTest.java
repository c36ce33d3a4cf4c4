package io.crmsync.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValueRecordsTest {
  private static final String GID = "0f8fad5b-d9cb-469f-a165-70867728950e";
  private static final String ORIGIN = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

  @Test
  void fieldValueNeedsPositiveNumberVersionAndOrigin() {
    assertThatThrownBy(() -> new FieldValue(0, "x", 1, ORIGIN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FieldValue(1, "x", 0, ORIGIN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("version");
    assertThatThrownBy(() -> new FieldValue(1, "x", 1, null)).isInstanceOf(NullPointerException.class);
    assertThat(new FieldValue(1, null, 1, ORIGIN).value()).isNull();
  }

  @Test
  void globalIdMustBeACanonicalUuid() {
    assertThat(GlobalIds.check(GID)).isEqualTo(GID);
    assertThat(GlobalIds.check(GlobalIds.newId())).hasSize(36);
    for (String bad :
        new String[] {
          null, "", "not-a-uuid", GID.toUpperCase(), GID.substring(1), "1-1-1-1-1",
          "0f8fad5b-d9cb-469f-a165-70867728950z", "0f8fad5b+d9cb-469f-a165-70867728950e"
        }) {
      assertThatThrownBy(() -> GlobalIds.check(bad))
          .as("gid %s", bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void recordChangeChecksItsGlobalId() {
    assertThatThrownBy(() -> new RecordChange("x", "clients", List.of(), null, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void deletionNeedsBothTimeAndOrigin() {
    assertThatThrownBy(() -> new RecordChange(GID, "clients", List.of(), 5L, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RecordChange(GID, "clients", List.of(), null, ORIGIN))
        .isInstanceOf(IllegalArgumentException.class);
    RecordChange deleted = RecordChange.deleted(GID, "clients", 5, ORIGIN);
    assertThat(deleted.isDeleted()).isTrue();
    assertThat(deleted.values()).isEmpty();
  }

  @Test
  void recordChangeKeepsACopyOfItsValues() {
    List<FieldValue> values = new ArrayList<>(List.of(new FieldValue(1, "a", 1, ORIGIN)));
    RecordChange change = new RecordChange(GID, "clients", values, null, null);
    values.clear();
    assertThat(change.values()).hasSize(1);
    assertThat(change.isDeleted()).isFalse();
  }

  @Test
  void batchRejectsNegativeSequencesAndMissingSender() {
    assertThatThrownBy(() -> new Batch(ORIGIN, -1, 0, List.of(), List.of(), false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Batch(ORIGIN, 0, -1, List.of(), List.of(), false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Batch(null, 0, 0, List.of(), List.of(), false))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void batchIsImmutable() {
    Batch b = new Batch(ORIGIN, 1, 0, new ArrayList<>(), new ArrayList<>(), false);
    assertThatThrownBy(() -> b.records().add(RecordChange.deleted(GID, "t", 1, ORIGIN)))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void catalogEntryNeedsPositiveNumberAndNames() {
    assertThatThrownBy(() -> new CatalogEntry(0, "t", "c", Direction.BOTH, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CatalogEntry(1, "t", null, Direction.BOTH, null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new CatalogEntry(1, "t", "c", null, null))
        .isInstanceOf(NullPointerException.class);
  }
}
