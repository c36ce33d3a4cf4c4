package io.crmsync.transport.folder;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.config.FolderAccess;
import io.crmsync.config.FtpServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncFoldersTest {
  @TempDir Path root;

  @Test
  void aDeletedSyncTakesAwayOnlyWhatItWroteIntoItsUploadFolder() throws IOException {
    Path up = Files.createDirectories(root.resolve("up"));
    Path down = Files.createDirectories(root.resolve("down"));
    for (String own : List.of(BatchFiles.name(7), "crmsync-ack", "crmsync-" + "ab".repeat(32) + ".blob",
        ".crmsync-00000000000000000008.batch.tmp", BatchFiles.FTP_UPLOAD_TEMP, ".crmsync-probe.tmp")) {
      Files.writeString(up.resolve(own), "x");
    }
    for (String foreign : List.of("notes.txt", "crmsync.conf", "crmsync-ack.bak", "my-crmsync-1.batch")) {
      Files.writeString(up.resolve(foreign), "mine");
    }
    Files.createDirectories(up.resolve("archive"));
    Files.writeString(up.resolve("archive").resolve(BatchFiles.name(3)), "kept");
    Files.writeString(down.resolve(BatchFiles.name(5)), "the peer's");
    Files.writeString(down.resolve("crmsync-ack"), "the peer's");
    Files.createDirectories(down.resolve("quarantine"));

    List<String> left = SyncFolders.removeWritten("s", FolderAccess.local(up.toString(), down.toString()));

    assertThat(left).isEmpty();
    assertThat(names(up)).containsExactlyInAnyOrder("notes.txt", "crmsync.conf", "crmsync-ack.bak",
        "my-crmsync-1.batch", "archive");
    assertThat(names(down)).containsExactlyInAnyOrder(BatchFiles.name(5), "crmsync-ack");
  }

  @Test
  void aQuarantineFolderHoldingFilesIsKept() throws IOException {
    Path up = Files.createDirectories(root.resolve("up"));
    Path quarantine = Files.createDirectories(root.resolve("down/quarantine"));
    Files.writeString(quarantine.resolve(BatchFiles.name(4) + ".1"), "bad");

    SyncFolders.removeWritten("s", FolderAccess.local(up.toString(), root.resolve("down").toString()));

    assertThat(names(quarantine)).containsExactly(BatchFiles.name(4) + ".1");
  }

  @Test
  void anFtpServerOutOfReachLeavesTheFilesAndNamesThem() throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    FolderAccess dirs = new FolderAccess("/up", "/down", new FtpServer("127.0.0.1", closed, "u", "p", false));

    assertThat(SyncFolders.removeWritten("s", dirs))
        .containsExactly("crmsync-*.batch", "crmsync-ack", "crmsync-*.blob", ".crmsync-*.tmp");
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).toList();
    }
  }
}
