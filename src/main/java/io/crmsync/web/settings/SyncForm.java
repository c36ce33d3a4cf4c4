package io.crmsync.web.settings;

import io.crmsync.admin.SyncAdmin;
import io.crmsync.admin.SyncRequest;
import io.crmsync.config.FolderAccess;
import io.crmsync.config.FtpServer;
import io.crmsync.config.Mode;
import io.crmsync.config.SyncDef;
import io.crmsync.config.Transport;
import io.crmsync.core.ConflictPolicy;
import io.crmsync.transport.http.PeerDiscovery;
import io.crmsync.transport.http.PeerUrls;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The sync form as submitted: every input as text (so a wrong value can be shown again as typed),
 * checked here with messages in the page's language before anything is handed to {@code SyncAdmin}.
 * The FTP password input is empty when editing: left empty, the saved password is kept. The
 * conflict policy is this side's own setting (a passive sync follows the active side's, see
 * {@code SyncView.conflictPolicy()}).
 */
record SyncForm(
    Long id,
    String name,
    String mode,
    String transport,
    boolean remoteAccess,
    String remoteUrl,
    String password,
    String localUploadFolder,
    String localDownloadFolder,
    String ftpHost,
    String ftpPort,
    String ftpLogin,
    String ftpPassword,
    String ftpUploadFolder,
    String ftpDownloadFolder,
    boolean ftpTls,
    String periodSeconds,
    String conflictPolicy) {

  static final int MAX_PERIOD = 86_400;

  static SyncForm blank() {
    return new SyncForm(null, "", "PASSIVE", "HTTP", false, "", "", "", "", "", "21", "", "", "", "", false, "5",
        ConflictPolicy.NEWEST_WINS.name());
  }

  static SyncForm of(SyncDef s) {
    FolderAccess f = s.folders();
    FtpServer ftp = f == null ? null : f.ftp();
    boolean local = f != null && ftp == null;
    return new SyncForm(
        s.id(), s.name(), s.mode().name(), s.transport().name(), s.remoteUrl() != null,
        s.remoteAddress() != null ? s.remoteAddress() : s.remoteUrl() == null ? "" : s.remoteUrl(), "",
        local ? f.uploadDir() : "", local ? f.downloadDir() : "",
        ftp == null ? "" : ftp.host(), ftp == null ? "21" : Integer.toString(ftp.port()),
        ftp == null ? "" : ftp.user(), "",
        ftp == null ? "" : f.uploadDir(), ftp == null ? "" : f.downloadDir(), ftp != null && ftp.tls(),
        Integer.toString(s.periodSeconds()), s.conflictPolicy().name());
  }

  /** Reads the form from request parameters; absent inputs become "". */
  static SyncForm parse(Function<String, String> param) {
    Function<String, String> p = n -> param.apply(n) == null ? "" : param.apply(n);
    String id = p.apply("id").trim();
    return new SyncForm(
        id.matches("\\d{1,18}") ? Long.valueOf(id) : null,
        p.apply("name").trim(), p.apply("mode"), p.apply("transport"), !p.apply("remoteAccess").isEmpty(),
        p.apply("remoteUrl").trim(), p.apply("password"), p.apply("localUploadFolder").trim(),
        p.apply("localDownloadFolder").trim(), p.apply("ftpHost").trim(), p.apply("ftpPort").trim(),
        p.apply("ftpLogin").trim(), p.apply("ftpPassword"), p.apply("ftpUploadFolder").trim(),
        p.apply("ftpDownloadFolder").trim(), !p.apply("ftpTls").isEmpty(), p.apply("periodSeconds").trim(),
        p.apply("conflictPolicy"));
  }

  /** Input name → message for every invalid input, in form order; empty when all are valid. */
  Map<String, String> validate(Texts tx) {
    Map<String, String> e = new LinkedHashMap<>();
    if (name.isEmpty()) {
      e.put("name", tx.t("err.required"));
    } else if (name.length() > 200) {
      e.put("name", tx.t("err.tooLong", 200));
    }
    Mode m = modeValue();
    if (m == null) {
      e.put("mode", tx.t("err.choose"));
    }
    Transport t = transportValue();
    if (t == null) {
      e.put("transport", tx.t("err.choose"));
    }
    if (remoteAccess && m == Mode.PASSIVE && t == Transport.HTTP) {
      e.put("remoteAccess", tx.t("err.remoteAccessPassive"));
    } else if (!remoteAccess && m == Mode.ACTIVE && t == Transport.HTTP) {
      e.put("remoteAccess", tx.t("err.remoteAccessActive"));
    } else if (remoteAccess && remoteUrl.isEmpty()) {
      e.put("remoteUrl", tx.t("err.required"));
    } else if (remoteAccess && !PeerUrls.isValid(remoteUrl) && !PeerDiscovery.isAddress(remoteUrl)) {
      e.put("remoteUrl", tx.t("err.peerUrl"));
    }
    if (id == null && password.isEmpty()) {
      e.put("password", tx.t("err.required"));
    } else if (!password.isEmpty()
        && password.codePointCount(0, password.length()) < SyncAdmin.MIN_PASSWORD_LENGTH) {
      e.put("password", tx.t("api.password.short", SyncAdmin.MIN_PASSWORD_LENGTH));
    } else if (password.length() > 200) {
      e.put("password", tx.t("err.tooLong", 200));
    }
    if (t == Transport.LOCAL) {
      folder(e, tx, "localUploadFolder", localUploadFolder);
      folder(e, tx, "localDownloadFolder", localDownloadFolder);
    }
    if (t == Transport.FTP) {
      validateFtp(e, tx);
    }
    if (number(periodSeconds, 1, MAX_PERIOD) == null) {
      e.put("periodSeconds", tx.t("err.range", 1, MAX_PERIOD));
    }
    if (!conflictPolicy.isEmpty() && policyValue() == null) {
      e.put("conflictPolicy", tx.t("err.choose"));
    }
    return e;
  }

  private void validateFtp(Map<String, String> e, Texts tx) {
    if (ftpHost.isEmpty()) {
      e.put("ftpHost", tx.t("err.required"));
    } else if (!ftpHost.matches("[A-Za-z0-9]([A-Za-z0-9.-]{0,252})")) {
      // The product page: the server's address without protocol or folders, e.g. mycompany.ru
      e.put("ftpHost", tx.t("err.ftpHost"));
    }
    if (number(ftpPort, 1, 65_535) == null) {
      e.put("ftpPort", tx.t("err.range", 1, 65_535));
    }
    if (ftpLogin.isEmpty()) {
      e.put("ftpLogin", tx.t("err.required"));
    }
    if (id == null && ftpPassword.isEmpty()) {
      e.put("ftpPassword", tx.t("err.required"));
    }
    folder(e, tx, "ftpUploadFolder", ftpUploadFolder);
    folder(e, tx, "ftpDownloadFolder", ftpDownloadFolder);
  }

  private static void folder(Map<String, String> e, Texts tx, String input, String value) {
    if (value.isEmpty()) {
      e.put(input, tx.t("err.required"));
    } else if (value.length() > 500) {
      e.put(input, tx.t("err.tooLong", 500));
    }
  }

  /** What {@code SyncAdmin} gets; call only after {@link #validate} found nothing. */
  SyncRequest toRequest() {
    return new SyncRequest(
        name, modeValue(), transportValue(), number(periodSeconds, 1, MAX_PERIOD),
        password.isEmpty() ? null : password, remoteAccess ? remoteUrl : null, folders(), policyValue());
  }

  /**
   * The folders as typed, for the chosen type (null for HTTP or no type). Also called before the
   * form is valid, to check the folders together with the other inputs: a port out of range is
   * then the port input's error, and the folders are checked as if it were the default.
   */
  FolderAccess folders() {
    Transport t = transportValue();
    if (t == null || t == Transport.HTTP) {
      return null;
    }
    if (t == Transport.LOCAL) {
      return FolderAccess.local(localUploadFolder, localDownloadFolder);
    }
    Integer port = number(ftpPort, 1, 65_535);
    return new FolderAccess(ftpUploadFolder, ftpDownloadFolder,
        new FtpServer(ftpHost, port == null ? FtpServer.DEFAULT_PORT : port, ftpLogin,
            ftpPassword.isEmpty() ? null : ftpPassword, ftpTls));
  }

  Mode modeValue() {
    return parse(Mode.class, mode);
  }

  Transport transportValue() {
    return parse(Transport.class, transport);
  }

  /** The chosen policy; null when none was sent (a form from before the input: keep the saved one). */
  ConflictPolicy policyValue() {
    return parse(ConflictPolicy.class, conflictPolicy);
  }

  private static <E extends Enum<E>> E parse(Class<E> type, String value) {
    for (E v : type.getEnumConstants()) {
      if (v.name().equals(value)) {
        return v;
      }
    }
    return null;
  }

  static Integer number(String s, int min, int max) {
    if (s == null || !s.matches("\\d{1,9}")) {
      return null;
    }
    int n = Integer.parseInt(s);
    return n >= min && n <= max ? n : null;
  }
}
