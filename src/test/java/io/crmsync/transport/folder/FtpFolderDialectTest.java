package io.crmsync.transport.folder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmsync.config.FtpServer;
import io.crmsync.transport.folder.ScriptedFtpServer.Answer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link FtpFolder} against recorded answers of real servers (vsftpd 3.0.3 and Pure-FTPd 1.0.50,
 * Debian 12, taken with a plain FTP client) and of servers that read {@code LIST -a} otherwise.
 */
class FtpFolderDialectTest {
  static final String VSFTPD_FEAT = "211-Features:\n EPRT\n EPSV\n MDTM\n PASV\n REST STREAM\n SIZE\n TVFS\n211 End";
  static final String PURE_FEAT = "211-Extensions supported:\n UTF8\n EPRT\n IDLE\n MDTM\n SIZE\n MFMT\n REST STREAM\n"
      + " MLST type*;size*;sizd*;modify*;UNIX.mode*;UNIX.uid*;UNIX.gid*;unique*;\n MLSD\n PRET\n TVFS\n ESTA\n PASV\n"
      + " EPSV\n ESTP\n211 End.";
  static final String[] VSFTPD_LIST_A = {
    "drwxrwxrwx    2 0        0            4096 Dec 02 04:29 .",
    "drwxr-xr-x    3 0        0            4096 Dec 02 04:29 ..",
    "-rw-r--r--    1 0        0               2 Dec 02 04:29 .crmsync-upload.tmp",
    "-rw-r--r--    1 0        0               3 Dec 02 04:29 crmsync-1.batch"};
  static final String VSFTPD_LIST = "-rw-r--r--    1 0        0               3 Dec 02 04:29 crmsync-1.batch";
  static final String[] PURE_MLSD = {
    "type=cdir;sizd=4096;modify=20261202042920;UNIX.mode=0777;UNIX.uid=0;UNIX.gid=0;unique=fe00g20c413; .",
    "type=file;size=2;modify=20261202042920;UNIX.mode=0644;UNIX.uid=0;UNIX.gid=0;unique=fe00g20c415; .crmsync-upload.tmp",
    "type=pdir;sizd=4096;modify=20261202042912;UNIX.mode=0755;UNIX.uid=0;UNIX.gid=0;unique=fe00g20c412; ..",
    "type=dir;sizd=4096;modify=20261202042912;UNIX.mode=0755;UNIX.uid=0;UNIX.gid=0;unique=fe00g20c417; quarantine",
    "type=file;size=2;modify=20261202042912;UNIX.mode=0644;UNIX.uid=0;UNIX.gid=0;unique=fe00g20c416; crmsync-1.batch"};

  ScriptedFtpServer server;
  FtpFolder folder;

  FtpFolder connect(ScriptedFtpServer s) {
    server = s.on("CWD /down", "250 Directory successfully changed.").on("CWD /up", "250 Directory successfully changed.");
    folder = new FtpFolder(new FtpServer("127.0.0.1", s.port(), "crm", "secret", false), Duration.ofSeconds(5));
    return folder;
  }

  @AfterEach
  void close() throws IOException {
    if (folder != null) {
      folder.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void vsftpdWithoutMlsdIsListedWithListAllInTheFolderAndShowsTemporaryFiles() throws IOException {
    connect(new ScriptedFtpServer(VSFTPD_FEAT).on("LIST -a", Answer.listing(VSFTPD_LIST_A))
        .on("LIST", Answer.listing(VSFTPD_LIST)));
    assertThat(folder.list("/down")).containsExactly(".crmsync-upload.tmp", "crmsync-1.batch");
    assertThat(folder.list("/up")).containsExactly(".crmsync-upload.tmp", "crmsync-1.batch");
    assertThat(folder.listingForm()).isEqualTo(FtpListing.Form.LIST_ALL);
    assertThat(server.received()).doesNotContain("MLSD", "LIST -a /down").containsOnlyOnce("FEAT")
        .contains("EPSV").doesNotContain("PASV");
  }

  @Test
  void pureFtpdOfferingMlstIsListedWithMlsdAndItsFoldersAreLeftOut() throws IOException {
    connect(new ScriptedFtpServer(PURE_FEAT).on("MLSD", Answer.listing(PURE_MLSD)));
    assertThat(folder.list("/down")).containsExactly(".crmsync-upload.tmp", "crmsync-1.batch");
    assertThat(folder.list("/up")).hasSize(2);
    assertThat(folder.listingForm()).isEqualTo(FtpListing.Form.MLSD);
    assertThat(server.received()).noneMatch(c -> c.startsWith("LIST"));
  }

  @Test
  void aServerTakingDashAAsANameFallsBackToPlainListOnce() throws IOException {
    connect(new ScriptedFtpServer("211 no features").on("LIST -a", "550 No such file or directory.")
        .on("LIST", Answer.listing(VSFTPD_LIST)));
    assertThat(folder.list("/down")).containsExactly("crmsync-1.batch");
    assertThat(folder.list("/up")).containsExactly("crmsync-1.batch");
    assertThat(folder.listingForm()).isEqualTo(FtpListing.Form.LIST);
    assertThat(server.received().stream().filter(c -> c.equals("LIST -a"))).hasSize(1);
    assertThat(server.received()).contains("PASV").doesNotContain("EPSV");
  }

  @Test
  void anEmptyAnswerToDashAIsNotTakenForAnEmptyFolder() throws IOException {
    // A server that reads "-a" as a name pattern lists nothing and says 226.
    connect(new ScriptedFtpServer(VSFTPD_FEAT).on("LIST -a", Answer.listing())
        .on("LIST", Answer.listing(VSFTPD_LIST)));
    assertThat(folder.list("/down")).containsExactly("crmsync-1.batch");
    assertThat(folder.listingForm()).isEqualTo(FtpListing.Form.LIST);
  }

  @Test
  void anUnreadableListFallsBackToNlstWhere550MeansNoFiles() throws IOException {
    connect(new ScriptedFtpServer(VSFTPD_FEAT).on("LIST -a", "502 Not implemented.")
        .on("LIST", Answer.listing("this is : not a listing a parser knows"))
        .on("NLST", Answer.listing("crmsync-1.batch", "./crmsync-ack")));
    assertThat(folder.list("/down")).containsExactly("crmsync-1.batch", "crmsync-ack");
    assertThat(folder.listingForm()).isEqualTo(FtpListing.Form.NLST);
    server.on("NLST", "550 No files found.");
    assertThat(folder.list("/up")).isEmpty();
  }

  @Test
  void aServerWithoutSystIsListedWithNlst() throws IOException {
    connect(new ScriptedFtpServer(VSFTPD_FEAT).on("SYST", "502 Not implemented.")
        .on("LIST -a", Answer.listing(VSFTPD_LIST_A)).on("NLST", Answer.listing("crmsync-1.batch")));
    assertThat(folder.list("/down")).containsExactly("crmsync-1.batch");
    assertThat(folder.listingForm()).isEqualTo(FtpListing.Form.NLST);
    assertThat(server.received()).noneMatch(c -> c.startsWith("LIST"));
  }

  @Test
  void aMissingFolderIsAnErrorNamingTheServersAnswer() throws IOException {
    connect(new ScriptedFtpServer(VSFTPD_FEAT).on("CWD /gone", "550 Failed to change directory."));
    assertThatThrownBy(() -> folder.list("/gone")).hasMessageContaining("cannot list folder /gone")
        .hasMessageContaining("550 Failed to change directory.");
  }

  @Test
  void aDeleteIsFineWhenSizeSaysTheFileIsGoneAndAnErrorWhenItIsThere() throws IOException {
    connect(new ScriptedFtpServer(VSFTPD_FEAT).on("DELE /down/crmsync-1.batch", "550 Delete operation failed.")
        .on("SIZE /down/crmsync-1.batch", "550 Could not get file size."));
    folder.delete("/down", "crmsync-1.batch");
    server.on("SIZE /down/crmsync-1.batch", "213 3");
    assertThatThrownBy(() -> folder.delete("/down", "crmsync-1.batch"))
        .hasMessageContaining("550 Delete operation failed.");
  }

  @Test
  void aReadOfAFileMlstDoesNotKnowIsNullAndARefusedOneAnError() throws IOException {
    connect(new ScriptedFtpServer(PURE_FEAT).on("RETR", "550 Can't open crmsync-ack: No such file or directory")
        .on("MLST", "550 Can't check for file existence"));
    assertThat(folder.read("/down", "crmsync-ack", 100)).isNull();
    server.on("MLST", "250-Begin\n type=file;size=2; /down/crmsync-ack\n250 End.");
    assertThatThrownBy(() -> folder.read("/down", "crmsync-ack", 100)).hasMessageContaining("550 Can't open");
  }

  @Test
  void aFileMissingForAMomentWhileItIsReplacedIsReadOnceItIsBack() throws IOException {
    connect(new ScriptedFtpServer(PURE_FEAT)
        .onInTurn("RETR", ScriptedFtpServer.Answer.of("550 Can't open crmsync-ack: No such file or directory"),
            new ScriptedFtpServer.Answer("226 Transfer complete.", "42"))
        .on("MLST", "250-Begin\n type=file;size=2; /down/crmsync-ack\n250 End."));
    assertThat(folder.read("/down", "crmsync-ack", 100)).isEqualTo("42".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aServerThatWillNotRenameOntoAFileGetsTheOldOneDeletedFirstFromThenOn() throws IOException {
    // ProFTPD without AllowOverwrite.
    connect(new ScriptedFtpServer(PURE_FEAT).on("STOR", Answer.listing()).on("RNFR", "350 File exists.")
        .onInTurn("RNTO", Answer.of("550 /down/crmsync-ack: Rename permission denied"),
            Answer.of("250 Rename successful."))
        .on("MLST", "250-Begin\n type=file; x\n250 End.").on("DELE", "250 DELE command successful"));
    folder.write("/down", "crmsync-ack", new byte[] {1});
    folder.write("/down", "crmsync-ack", new byte[] {2});
    assertThat(server.received()).containsSubsequence("STOR /down/.crmsync-upload.tmp",
        "RNFR /down/.crmsync-upload.tmp", "RNTO /down/crmsync-ack", "MLST /down/crmsync-ack",
        "DELE /down/crmsync-ack", "RNFR /down/.crmsync-upload.tmp", "RNTO /down/crmsync-ack",
        "STOR /down/.crmsync-upload.tmp", "DELE /down/crmsync-ack", "RNFR /down/.crmsync-upload.tmp");
    assertThat(server.received().stream().filter(c -> c.startsWith("RNTO"))).hasSize(3);
  }

  @Test
  void aRefusedRenameOfANewFileNamesTheServersAnswer() throws IOException {
    connect(new ScriptedFtpServer(PURE_FEAT).on("STOR", Answer.listing()).on("RNFR", "350 File exists.")
        .on("RNTO", "553 Not allowed.").on("MLST", "550 Can't check for file existence"));
    assertThatThrownBy(() -> folder.write("/down", "crmsync-ack", new byte[] {1}))
        .hasMessageContaining("cannot rename").hasMessageContaining("553 Not allowed.");
  }

  @Test
  void anUploadOntoAFileTheServerWillNotOverwriteReplacesItWhenNothingWasSent() throws IOException {
    connect(new ScriptedFtpServer(VSFTPD_FEAT).on("RNFR", "350 Ready.").on("RNTO", "250 Rename successful.")
        .on("SIZE", "213 7").on("DELE", "250 Deleted.")
        .onInTurn("STOR", Answer.of("550 Overwrite permission denied"), Answer.listing()));
    folder.write("/down", "crmsync-ack", new byte[] {1});
    assertThat(server.received()).containsSubsequence("STOR /down/.crmsync-upload.tmp",
        "SIZE /down/.crmsync-upload.tmp", "DELE /down/.crmsync-upload.tmp", "STOR /down/.crmsync-upload.tmp",
        "RNFR /down/.crmsync-upload.tmp", "RNTO /down/crmsync-ack");
  }
}
