package io.crmsync.transport.folder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmsync.core.Batch;
import io.crmsync.core.CatalogEntry;
import io.crmsync.core.Direction;
import io.crmsync.core.FieldValue;
import io.crmsync.core.RecordChange;
import io.crmsync.security.PeerKeys;
import io.crmsync.transport.folder.BatchFiles.BadFileException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchFilesTest {
  static final String FROM = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
  static final String KEY = PeerKeys.derive("secret", "folder-transport");
  static final String OTHER_KEY = PeerKeys.derive("another password", "folder-transport");

  static Batch batch(long seq) {
    return new Batch(
        FROM,
        seq,
        3,
        List.of(new CatalogEntry(1, "clients", "name", Direction.BOTH, null)),
        List.of(
            new RecordChange(
                "0f8fad5b-d9cb-469f-a165-70867728950e",
                "clients",
                List.of(new FieldValue(1, "Иванов", 5L << 16, FROM)),
                null,
                null)),
        false);
  }

  @Test
  void aBatchFileReadsBackAsTheBatchWritten() throws Exception {
    byte[] file = BatchFiles.encode(batch(7), KEY);
    assertThat(BatchFiles.decode(file, 7, KEY)).isEqualTo(batch(7));
  }

  @Test
  void fileNamesSortByNumberAndOnlyBatchFilesHaveOne() {
    assertThat(BatchFiles.name(7)).isEqualTo("crmsync-00000000000000000007.batch");
    assertThat(BatchFiles.seqOf(BatchFiles.name(123))).contains(123L);
    assertThat(BatchFiles.name(9).compareTo(BatchFiles.name(10))).isNegative();
    assertThat(BatchFiles.seqOf(".crmsync-00000000000000000007.batch.tmp")).isEmpty();
    assertThat(BatchFiles.seqOf("crmsync-ack")).isEmpty();
    assertThat(BatchFiles.seqOf("../crmsync-1.batch")).isEmpty();
  }

  @Test
  void temporaryNamesOfLocalAndFtpUploadsAreRecognisedAndNoOtherFile() {
    assertThat(BatchFiles.isTemporary(BatchFiles.FTP_UPLOAD_TEMP)).isTrue();
    assertThat(BatchFiles.isTemporary("." + BatchFiles.name(7) + ".tmp")).isTrue();
    assertThat(BatchFiles.isTemporary(".crmsync-probe.tmp")).isTrue();
    for (String name : java.util.List.of(BatchFiles.name(7), BatchFiles.ACK_NAME, "crmsync-ab12.blob", "x.tmp")) {
      assertThat(BatchFiles.isTemporary(name)).as(name).isFalse();
    }
  }

  @Test
  void aTruncatedFileIsRefused() {
    byte[] file = BatchFiles.encode(batch(7), KEY);
    byte[] truncated = Arrays.copyOf(file, file.length - 10);
    assertThatThrownBy(() -> BatchFiles.decode(truncated, 7, KEY))
        .isInstanceOf(BadFileException.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void aCorruptByteIsRefused() {
    byte[] file = BatchFiles.encode(batch(7), KEY);
    file[file.length - 20] ^= 0x01;
    assertThatThrownBy(() -> BatchFiles.decode(file, 7, KEY))
        .isInstanceOf(BadFileException.class)
        .hasMessageContaining("signature mismatch");
  }

  @Test
  void aFileSignedWithAnotherPasswordIsRefused() {
    byte[] file = BatchFiles.encode(batch(7), OTHER_KEY);
    assertThatThrownBy(() -> BatchFiles.decode(file, 7, KEY))
        .isInstanceOf(BadFileException.class)
        .hasMessageContaining("another sync password");
  }

  @Test
  void anUnsignedOrForeignFileIsRefused() {
    byte[] json = "{\"v\":1}".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> BatchFiles.decode(json, 7, KEY))
        .isInstanceOf(BadFileException.class)
        .hasMessageContaining("no crm-sync batch header");
    assertThatThrownBy(() -> BatchFiles.decode(new byte[0], 7, KEY)).isInstanceOf(BadFileException.class);
  }

  @Test
  void aFileRenamedToAnotherNumberIsRefused() {
    byte[] file = BatchFiles.encode(batch(7), KEY);
    assertThatThrownBy(() -> BatchFiles.decode(file, 8, KEY))
        .isInstanceOf(BadFileException.class)
        .hasMessageContaining("header names batch 7");
  }

  @Test
  void anAckFileCarriesTheNumberSignedWithTheKey() throws Exception {
    // A number long enough not to turn up in the sealed text's Base64 by chance ("41" did, now and then).
    byte[] ack = BatchFiles.encodeAck(4_107_352_961L, FROM, KEY);
    assertThat(BatchFiles.decodeAck(ack, KEY)).isEqualTo(4_107_352_961L);
    assertThatThrownBy(() -> BatchFiles.decodeAck(ack, OTHER_KEY))
        .isInstanceOf(BadFileException.class)
        .hasMessageContaining("another sync password");
    String text = new String(ack, StandardCharsets.US_ASCII);
    assertThat(text).as("sealed: neither the number nor the writer shows").doesNotContain("4107352961").doesNotContain(FROM);
    int at = text.length() - 10;
    byte[] forged = (text.substring(0, at) + (text.charAt(at) == 'A' ? 'B' : 'A') + text.substring(at + 1))
        .getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> BatchFiles.decodeAck(forged, KEY)).isInstanceOf(BadFileException.class);
  }

  @Test
  void filesOfTheOldClearFormatAreRefusedWithAWordToUpdateThePeer() {
    byte[] oldAck = ("crmsync-ack 1 41 " + FROM + " " + "A".repeat(43) + "=\n").getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> BatchFiles.decodeAck(oldAck, KEY)).hasMessageContaining("update the other program");
    byte[] oldBatch = ("crmsync-batch 1 7 2 " + "A".repeat(43) + "=\n{}").getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> BatchFiles.decode(oldBatch, 7, KEY)).hasMessageContaining("update the other program");
  }
}
