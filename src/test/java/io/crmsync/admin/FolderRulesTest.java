package io.crmsync.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import io.crmsync.config.FolderAccess;
import io.crmsync.config.Mode;
import io.crmsync.config.SyncDef;
import io.crmsync.config.Transport;
import java.nio.file.Path;
import java.util.List;
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

  @Test
  void everyFolderProblemIsReportedAtOnceWithItsCode(@TempDir Path dir) throws Exception {
    Path up = Files.createDirectories(dir.resolve("a/up"));
    Path down = Files.createDirectories(dir.resolve("a/down"));
    SyncDef other = new SyncDef(1, "Other", Mode.PASSIVE, Transport.LOCAL, 5, null, "k", null,
        FolderAccess.local(up.toString(), down.toString()), null, null, null);
    String missing = dir.resolve("missing").toString();

    List<ApiException> problems =
        FolderRules.problems(Transport.LOCAL, FolderAccess.local(missing, up.toString()), null, List.of(other));

    assertThat(problems).extracting(ApiException::field).containsExactly("local.uploadDir", "local.downloadDir");
    assertThat(problems).extracting(ApiException::code).containsExactly("folder.missing", "folder.taken");
    assertThat(problems.get(0).args()).containsExactly(Path.of(missing));
    assertThat(problems.get(1).args()).containsExactly(up.toString(), "Other");
    assertThat(problems.get(1).status()).isEqualTo(409);
  }

  @Test
  void foldersThatPassHaveNoProblemsAndTheSameAsCheckRefuses(@TempDir Path dir) throws Exception {
    Path up = Files.createDirectories(dir.resolve("up"));
    Path down = Files.createDirectories(dir.resolve("down"));
    assertThat(FolderRules.problems(Transport.LOCAL, FolderAccess.local(up.toString(), down.toString()), null, List.of()))
        .isEmpty();
    assertThat(FolderRules.problems(Transport.LOCAL, FolderAccess.local(up.toString(), up.toString()), null, List.of()))
        .extracting(ApiException::code).containsExactly("folder.same");
    assertThat(FolderRules.problems(Transport.HTTP, null, null, List.of())).isEmpty();
  }
}
