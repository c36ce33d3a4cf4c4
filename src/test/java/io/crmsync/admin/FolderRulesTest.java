package io.crmsync.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderRulesTest {

  @Test
  void systemFoldersAreRefusedWithoutAFolderRoot() {
    for (String dir : new String[] {"/etc", "/usr/share", "/bin", "/proc", "/dev", "/boot", "/root", "/"}) {
      if (Files.isDirectory(Path.of(dir))) {
        assertThatThrownBy(() -> FolderRules.localDir("local.uploadDir", dir, false))
            .as(dir)
            .isInstanceOf(ApiException.class)
            .hasMessageContaining("system folder");
      }
    }
  }

  @Test
  void aFolderOfItsOwnIsAccepted(@TempDir Path dir) throws Exception {
    Path own = Files.createDirectories(dir.resolve("crm/upload"));
    assertThat(FolderRules.localDir("local.uploadDir", own.toString(), true)).isEqualTo(own.toString());
  }
}
