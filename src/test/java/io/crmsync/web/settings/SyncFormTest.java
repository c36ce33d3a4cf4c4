package io.crmsync.web.settings;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.config.FolderAccess;
import io.crmsync.config.FtpServer;
import io.crmsync.config.Mode;
import io.crmsync.core.ConflictPolicy;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyncFormTest {
  private static final String PEER = "http://127.0.0.1:8720/crmsync/api/peer/0b0c5f57-6f4a-4f43-9d43-3c2f0f1e2a3b/exchange";
  private final Texts en = Texts.of("en");

  private static SyncForm form(Map<String, String> values) {
    return SyncForm.parse(values::get);
  }

  @Test
  void aPassiveHttpSyncWithNameAndPasswordIsValid() {
    SyncForm f = form(Map.of("name", " Head office ", "mode", "PASSIVE", "transport", "HTTP", "password", "pass-Word-1", "periodSeconds", "1"));
    assertThat(f.validate(en)).isEmpty();
    assertThat(f.toRequest().name()).isEqualTo("Head office");
    assertThat(f.toRequest().mode()).isEqualTo(Mode.PASSIVE);
    assertThat(f.toRequest().remoteUrl()).isNull();
  }

  @Test
  void everyInvalidInputGetsItsOwnMessage() {
    SyncForm f = form(Map.of("mode", "SIDEWAYS", "transport", "HTTP", "periodSeconds", "0"));
    assertThat(f.validate(en)).containsOnlyKeys("name", "mode", "password", "periodSeconds");
  }

  @Test
  void anActiveHttpSyncNeedsTheRemoteAddress() {
    assertThat(form(Map.of("name", "n", "mode", "ACTIVE", "transport", "HTTP", "password", "pass-Word-1", "periodSeconds", "5"))
        .validate(en)).containsOnlyKeys("remoteAccess");
    assertThat(form(Map.of("name", "n", "mode", "ACTIVE", "transport", "HTTP", "password", "pass-Word-1", "periodSeconds", "5",
        "remoteAccess", "1", "remoteUrl", "example.com/crmsync")).validate(en)).containsOnlyKeys("remoteUrl");
    // The remote program's address, as the product page asks (the passive sync is found by its password).
    assertThat(form(Map.of("name", "n", "mode", "ACTIVE", "transport", "HTTP", "password", "pass-Word-1", "periodSeconds", "5",
        "remoteAccess", "1", "remoteUrl", "https://crm.example.com")).validate(en)).isEmpty();
    SyncForm ok = form(Map.of("name", "n", "mode", "ACTIVE", "transport", "HTTP", "password", "pass-Word-1", "periodSeconds", "5",
        "remoteAccess", "1", "remoteUrl", PEER));
    assertThat(ok.validate(en)).isEmpty();
    assertThat(ok.toRequest().remoteUrl()).isEqualTo(PEER);
  }

  @Test
  void ftpInputsAreCheckedWhenFtpIsChosen() {
    assertThat(form(Map.of("name", "n", "mode", "ACTIVE", "transport", "FTP", "password", "pass-Word-1", "periodSeconds", "5",
        "ftpHost", "ftp://mycompany.ru/cb", "ftpPort", "70000")).validate(en))
        .containsOnlyKeys("ftpHost", "ftpPort", "ftpLogin", "ftpPassword", "ftpUploadFolder", "ftpDownloadFolder");
  }

  @Test
  void anEmptyPasswordKeepsTheOldOneWhenEditing() {
    SyncForm f = form(Map.of("id", "3", "name", "n", "mode", "PASSIVE", "transport", "HTTP", "periodSeconds", "5"));
    assertThat(f.validate(en)).isEmpty();
    assertThat(f.toRequest().password()).isNull();
  }

  @Test
  void folderInputsBecomeTheRequestsFolders() {
    SyncForm local = form(Map.of("name", "n", "mode", "PASSIVE", "transport", "LOCAL", "password", "pass-Word-1",
        "periodSeconds", "5", "localUploadFolder", "/srv/up", "localDownloadFolder", "/srv/down"));
    assertThat(local.validate(en)).isEmpty();
    assertThat(local.toRequest().folders()).isEqualTo(FolderAccess.local("/srv/up", "/srv/down"));

    Map<String, String> params = new HashMap<>(Map.of("name", "n", "mode", "ACTIVE", "transport", "FTP",
        "password", "pass-Word-1", "periodSeconds", "5", "ftpHost", "mycompany.ru", "ftpPort", "2121", "ftpLogin", "cb"));
    params.putAll(Map.of("ftpPassword", "secret", "ftpUploadFolder", "/cb/upload", "ftpDownloadFolder",
        "/cb/download", "ftpTls", "1"));
    SyncForm ftp = form(params);
    assertThat(ftp.validate(en)).isEmpty();
    assertThat(ftp.toRequest().folders()).isEqualTo(new FolderAccess("/cb/upload", "/cb/download",
        new FtpServer("mycompany.ru", 2121, "cb", "secret", true)));
    assertThat(SettingsServlet.input("ftp.uploadDir")).isEqualTo("ftpUploadFolder");
    assertThat(SettingsServlet.input("local.downloadDir")).isEqualTo("localDownloadFolder");
  }

  @Test
  void theChosenConflictPolicyGoesWithTheRequestAndAMissingOneKeepsTheSavedOne() {
    Map<String, String> params = new HashMap<>(Map.of("name", "n", "mode", "ACTIVE", "transport", "HTTP", "password", "pass-Word-1",
        "periodSeconds", "5", "remoteAccess", "1", "remoteUrl", PEER, "conflictPolicy", "PASSIVE_WINS"));
    assertThat(form(params).validate(en)).isEmpty();
    assertThat(form(params).toRequest().conflictPolicy()).isEqualTo(ConflictPolicy.PASSIVE_WINS);
    params.remove("conflictPolicy");
    assertThat(form(params).validate(en)).isEmpty();
    assertThat(form(params).toRequest().conflictPolicy()).isNull();
    params.put("conflictPolicy", "LOUDEST_WINS");
    assertThat(form(params).validate(en)).containsOnlyKeys("conflictPolicy");
  }

  @Test
  void aNewSyncStartsWithTheNewerEditWinning() {
    assertThat(SyncForm.blank().conflictPolicy()).isEqualTo("NEWEST_WINS");
  }

  @Test
  void aShortPasswordIsRefusedByThePageInItsLanguage() {
    SyncForm f = form(Map.of("name", "n", "mode", "PASSIVE", "transport", "HTTP", "password", "short", "periodSeconds", "5"));
    assertThat(f.validate(Texts.of("ru"))).containsOnlyKeys("password");
    assertThat(f.validate(Texts.of("ru")).get("password")).startsWith("Не менее 8 символов");
  }
}
