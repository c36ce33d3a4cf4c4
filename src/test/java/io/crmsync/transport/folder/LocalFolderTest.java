package io.crmsync.transport.folder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFolderTest {
  @TempDir Path dir;
  final LocalFolder folder = new LocalFolder();

  @Test
  void aWrittenFileAppearsWholeAndLeavesNoTemporaryFile() throws IOException {
    folder.write(dir.toString(), "crmsync-ack", bytes("one"));
    folder.write(dir.toString(), "crmsync-ack", bytes("two"));
    assertThat(folder.list(dir.toString())).containsExactly("crmsync-ack");
    assertThat(folder.read(dir.toString(), "crmsync-ack", 100)).isEqualTo(bytes("two"));
  }

  @Test
  void aFileLargerThanTheLimitIsAnError() throws IOException {
    folder.write(dir.toString(), "big", new byte[101]);
    assertThatThrownBy(() -> folder.read(dir.toString(), "big", 100)).hasMessageContaining("larger than 100");
  }

  @Test
  void aMissingFileReadsAsNullAndDeletesQuietly() throws IOException {
    assertThat(folder.read(dir.toString(), "gone", 100)).isNull();
    folder.delete(dir.toString(), "gone");
  }

  @Test
  void aFileMovedAsideLandsInTheSubfolder() throws IOException {
    folder.write(dir.toString(), "crmsync-1.batch", bytes("x"));
    folder.moveAside(dir.toString(), "crmsync-1.batch", "quarantine", "crmsync-1.batch.5");
    assertThat(folder.list(dir.toString())).isEmpty();
    assertThat(Files.readString(dir.resolve("quarantine/crmsync-1.batch.5"))).isEqualTo("x");
  }

  @Test
  void namesThatCouldLeaveTheFolderAreRefused() {
    assertThatThrownBy(() -> folder.read(dir.toString(), "../etc/passwd", 100))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> folder.write(dir.toString(), "a/b", bytes("x")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> folder.delete(dir.toString(), ".."))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aMissingOrReadOnlyFolderGivesAClearError() throws IOException {
    assertThatThrownBy(() -> folder.list(dir.resolve("nope").toString())).hasMessageContaining("does not exist");
    Path ro = Files.createDirectory(dir.resolve("ro"));
    ro.toFile().setWritable(false);
    try {
      if (!Files.isWritable(ro)) { // root ignores permissions
        assertThatThrownBy(() -> folder.checkWritable(ro.toString())).hasMessageContaining("read-only");
      }
    } finally {
      ro.toFile().setWritable(true);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
