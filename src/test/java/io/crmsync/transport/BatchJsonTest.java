package io.crmsync.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.core.Batch;
import io.crmsync.core.CatalogEntry;
import io.crmsync.core.ConflictPolicy;
import io.crmsync.core.Direction;
import io.crmsync.core.FieldValue;
import io.crmsync.core.RecordChange;
import io.crmsync.core.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchJsonTest {
  static final String FROM = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
  static final String GID1 = "0f8fad5b-d9cb-469f-a165-70867728950e";
  static final String GID2 = "a2f1c3d4-0000-4000-8000-000000000002";

  @Test
  void batchSurvivesTheRoundTripUnchanged() {
    Batch batch =
        new Batch(
            FROM,
            42,
            41,
            List.of(
                new CatalogEntry(1, "clients", "name", Direction.BOTH, null),
                new CatalogEntry(2, "clients", "city", Direction.UPLOAD, 17),
                new CatalogEntry(3, "clients", "phone", Direction.BOTH, null),
                new CatalogEntry(4, "clients", "note", Direction.BOTH, null),
                new CatalogEntry(5, "clients", "memo", Direction.BOTH, null)),
            List.of(
                new RecordChange(
                    GID1,
                    "clients",
                    List.of(
                        new FieldValue(1, "Иванов Пётр 🙂 漢字テスト", Long.MAX_VALUE, FROM),
                        new FieldValue(2, null, 1, FROM),
                        new FieldValue(3, "", 2, FROM),
                        new FieldValue(4, "null", 3, FROM),
                        new FieldValue(5, "quote \" backslash \\ tab \t newline \n \u0000", 4, FROM),
                        new FieldValue(1, "decided", 9, FROM, true, Clock.of(Map.of("other", 8L, "third*", 7L))),
                        new FieldValue(3, "knowing", 7, FROM, false, Clock.of(Map.of("other", 6L)))),
                    null,
                    null),
                RecordChange.deleted(GID2, "clients", 123_456_789_012L, FROM)),
            true,
            false,
            ConflictPolicy.PASSIVE_WINS,
            Map.of(FROM, "Филиал №1", "another", "Head office"));

    Batch back = BatchJson.read(BatchJson.write(batch));

    assertThat(back).isEqualTo(batch);
    assertThat(back.records().get(0).values().get(1).value()).isNull();
    assertThat(back.records().get(1).isDeleted()).isTrue();
    assertThat(back.catalog().get(0).remote()).isNull();
    assertThat(back.catalog().get(1).remote()).isEqualTo(17);
  }

  @Test
  void emptyBatchSurvivesTheRoundTrip() {
    Batch empty = new Batch(FROM, 0, 0, List.of(), List.of(), false);
    assertThat(BatchJson.read(BatchJson.write(empty))).isEqualTo(empty);
  }

  @Test
  void bodyIsUtf8() {
    Batch batch =
        new Batch(
            FROM,
            1,
            0,
            List.of(),
            List.of(new RecordChange(GID1, "клиенты", List.of(new FieldValue(1, "Ж", 1, FROM)), null, null)),
            false);
    assertThat(BatchJson.text(BatchJson.write(batch))).contains("клиенты", "Ж");
  }
}
