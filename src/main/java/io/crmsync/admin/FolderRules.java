package io.crmsync.admin;

import io.crmsync.config.FolderAccess;
import io.crmsync.config.FtpServer;
import io.crmsync.config.SyncDef;
import io.crmsync.config.Transport;
import io.crmsync.settings.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Checks the folders of a LOCAL or FTP sync before anything is saved: well-formed paths that
 * cannot climb out of their folder, LOCAL folders that exist with the access the sync needs (and
 * lie under {@code crmsync.folder.root} when that is set), and no folder shared with another sync
 * (the product page: each sync needs its own upload and download folders).
 */
final class FolderRules {
  static final int MAX_PATH = 500;

  private FolderRules() {}

  /** The checked folders, or null for an HTTP sync; {@code old} supplies a kept FTP password. */
  static FolderAccess check(
      Transport transport, FolderAccess given, FolderAccess old, Collection<SyncDef> others) {
    if (transport == Transport.HTTP) {
      return null;
    }
    String what = transport == Transport.LOCAL ? "local" : "ftp";
    if (given == null || (transport == Transport.FTP) != (given.ftp() != null)) {
      throw ApiException.invalid(
          what,
          transport == Transport.LOCAL
              ? "a LOCAL sync needs \"local\": {\"uploadDir\", \"downloadDir\"}"
              : "an FTP sync needs \"ftp\": {\"host\", \"port\", \"user\", \"password\", \"uploadDir\","
                  + " \"downloadDir\"}");
    }
    FolderAccess f =
        transport == Transport.LOCAL
            ? FolderAccess.local(localDir(what + ".uploadDir", given.uploadDir(), true),
                localDir(what + ".downloadDir", given.downloadDir(), true))
            : new FolderAccess(
                ftpDir(what + ".uploadDir", given.uploadDir()),
                ftpDir(what + ".downloadDir", given.downloadDir()),
                ftpServer(given.ftp(), old == null ? null : old.ftp()));
    if (f.uploadDir().equals(f.downloadDir())) {
      throw ApiException.invalid(
              what + ".downloadDir", "the upload and download folders must be two different folders")
          .coded("folder.same");
    }
    if (inside(f.uploadDir(), f.downloadDir()) || inside(f.downloadDir(), f.uploadDir())) {
      throw ApiException.invalid(
              what + ".downloadDir", "the upload and download folders must not lie inside one another")
          .coded("folder.nested");
    }
    FtpServer server = f.ftp();
    Optional<ApiException> taken = taken(f.uploadDir(), server, what + ".uploadDir", others)
        .or(() -> taken(f.downloadDir(), server, what + ".downloadDir", others));
    if (taken.isPresent()) {
      throw taken.get();
    }
    return f;
  }

  /**
   * Every refusal {@link #check} could make, at once (the settings page shows them together): each
   * folder and the FTP server checked on its own, then, when those pass, the pair and the other
   * syncs' folders. Empty when {@code check} passes.
   */
  static List<ApiException> problems(
      Transport transport, FolderAccess given, FolderAccess old, Collection<SyncDef> others) {
    if (transport == Transport.HTTP) {
      return List.of();
    }
    String what = transport == Transport.LOCAL ? "local" : "ftp";
    List<ApiException> out = new ArrayList<>();
    if (given == null || (transport == Transport.FTP) != (given.ftp() != null)) {
      collect(out, () -> check(transport, given, old, others));
      return out;
    }
    boolean local = transport == Transport.LOCAL;
    String up = collect(out, () -> local ? localDir(what + ".uploadDir", given.uploadDir(), true) : ftpDir(what + ".uploadDir", given.uploadDir()));
    String down = collect(out, () -> local ? localDir(what + ".downloadDir", given.downloadDir(), true) : ftpDir(what + ".downloadDir", given.downloadDir()));
    FtpServer ftp = local ? null : collect(out, () -> ftpServer(given.ftp(), old == null ? null : old.ftp()));
    if (up != null && down != null && (local || ftp != null)) {
      // the pair: two folders, neither inside the other
      collect(out, () -> check(transport, given, old, List.of()));
    }
    // a folder another sync uses, for each folder that is right on its own
    FtpServer server = local ? null : ftp != null ? ftp : given.ftp();
    if (up != null) {
      taken(up, server, what + ".uploadDir", others).ifPresent(out::add);
    }
    if (down != null) {
      taken(down, server, what + ".downloadDir", others).ifPresent(out::add);
    }
    return out;
  }

  /** The checked value, or null after adding the refusal to {@code out}. */
  private static <T> T collect(List<ApiException> out, Supplier<T> check) {
    try {
      return check.get();
    } catch (ApiException e) {
      out.add(e);
      return null;
    }
  }

  /** The refusal of a folder (of the given FTP server, or local) that another sync already uses. */
  private static Optional<ApiException> taken(String dir, FtpServer server, String field, Collection<SyncDef> others) {
    String location = new FolderAccess(dir, dir, server).location(dir);
    for (SyncDef other : others) {
      FolderAccess theirs = other.folders();
      if (theirs != null && (location.equals(theirs.location(theirs.uploadDir()))
          || location.equals(theirs.location(theirs.downloadDir())))) {
        return Optional.of(new ApiException(
                409,
                "folder " + dir + " is already used by sync '" + other.name()
                    + "': each sync needs its own upload and download folders",
                field)
            .coded("folder.taken", dir, other.name()));
      }
    }
    return Optional.empty();
  }

  private static boolean inside(String dir, String parent) {
    return dir.startsWith(parent.endsWith("/") ? parent : parent + "/");
  }

  /** An absolute, normalized local folder that exists and that this program can write to. */
  static String localDir(String field, String dir, boolean write) {
    if (dir == null || dir.isBlank()) {
      throw ApiException.invalid(field, "folder is required").coded("folder.required");
    }
    if (dir.length() > MAX_PATH) {
      throw ApiException.invalid(field, "folder path is longer than " + MAX_PATH + " characters")
          .coded("folder.tooLong", MAX_PATH);
    }
    Path p;
    try {
      p = Path.of(dir.trim());
    } catch (InvalidPathException e) {
      throw ApiException.invalid(field, "not a valid folder path: " + e.getMessage())
          .coded("folder.invalidPath", dir);
    }
    if (!p.isAbsolute()) {
      throw ApiException.invalid(field, "folder must be an absolute path (got " + dir + ")")
          .coded("folder.notAbsolute", dir);
    }
    for (Path part : p) {
      if (part.toString().equals("..") || part.toString().equals(".")) {
        throw ApiException.invalid(field, "folder path must not contain '.' or '..' (got " + dir + ")")
            .coded("folder.dots", dir);
      }
    }
    if (!Files.isDirectory(p)) {
      throw ApiException.invalid(field, "folder " + p + " does not exist (create it first)")
          .coded("folder.missing", p);
    }
    Optional<String> root = Settings.get(Settings.FOLDER_ROOT);
    if (root.isEmpty() && isSystemFolder(p)) {
      throw ApiException.invalid(field, "folder " + p + " is a system folder: choose a folder of its own for the sync"
          + " (or allow it with " + Settings.FOLDER_ROOT + ")").coded("folder.system", p, Settings.FOLDER_ROOT);
    }
    if (root.isPresent()) {
      try {
        Path real = p.toRealPath();
        Path realRoot = Path.of(root.get()).toRealPath();
        if (!real.startsWith(realRoot)) {
          throw ApiException.invalid(
              field, "folder " + p + " is outside " + realRoot + " (" + Settings.FOLDER_ROOT + ")")
              .coded("folder.outside", p, realRoot, Settings.FOLDER_ROOT);
        }
      } catch (IOException e) {
        throw ApiException.invalid(field, "cannot resolve folder " + p + ": " + e.getMessage())
            .coded("folder.unreadable", p, e.getMessage());
      }
    }
    if (!Files.isReadable(p) || (write && !Files.isWritable(p))) {
      throw ApiException.invalid(field, "folder " + p + " is read-only for this program")
          .coded("folder.readOnly", p);
    }
    String s = p.normalize().toString();
    return s.length() > 1 && s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  /** Folders of the operating system a sync must not write into (as root it could). */
  private static final List<Path> SYSTEM = Stream.of("/etc", "/bin", "/sbin", "/usr", "/lib", "/lib32", "/lib64",
      "/proc", "/sys", "/boot", "/dev", "/run", "/var/lib", "/var/log").map(Path::of).toList();

  /** Inside a system folder, or one of the top folders themselves ({@code /}, {@code /root}, {@code /home}, …). */
  static boolean isSystemFolder(Path p) {
    Path real;
    try {
      real = p.toRealPath();
    } catch (IOException e) {
      real = p.normalize();
    }
    return real.getNameCount() <= 1 && !real.startsWith("/tmp") || SYSTEM.stream().anyMatch(real::startsWith);
  }

  /** An absolute FTP path such as /cb/upload, without '.' or '..' parts or control characters. */
  static String ftpDir(String field, String dir) {
    if (dir == null || dir.isBlank()) {
      throw ApiException.invalid(field, "folder is required").coded("folder.required");
    }
    String d = dir.trim();
    if (d.length() > MAX_PATH) {
      throw ApiException.invalid(field, "folder path is longer than " + MAX_PATH + " characters")
          .coded("folder.tooLong", MAX_PATH);
    }
    if (!d.startsWith("/") || d.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f || ch == '\\')) {
      throw ApiException.invalid(
          field, "FTP folder must be an absolute path such as /cb/upload (got " + dir + ")")
          .coded("folder.ftpNotAbsolute", dir);
    }
    for (String part : d.split("/")) {
      if (part.equals("..") || part.equals(".")) {
        throw ApiException.invalid(field, "folder path must not contain '.' or '..' (got " + dir + ")")
            .coded("folder.dots", dir);
      }
    }
    d = d.replaceAll("/+", "/");
    return d.length() > 1 && d.endsWith("/") ? d.substring(0, d.length() - 1) : d;
  }

  private static FtpServer ftpServer(FtpServer given, FtpServer old) {
    String host = given.host() == null ? "" : given.host().trim();
    // The product page: the server's address without protocol or folders, e.g. mycompany.ru
    if (!host.matches("[A-Za-z0-9]([A-Za-z0-9.-]{0,252})|\\[[0-9A-Fa-f:.]{2,45}]")) {
      throw ApiException.invalid(
          "ftp.host", "FTP server must be a host name or address without protocol or folders,"
              + " e.g. mycompany.ru (got " + given.host() + ")").coded("ftp.host");
    }
    if (given.user() == null || given.user().isBlank() || given.user().length() > 200) {
      throw ApiException.invalid("ftp.user", "FTP login is required (at most 200 characters)").coded("ftp.user");
    }
    String password = given.password();
    if (password == null) {
      if (old == null) {
        throw ApiException.invalid("ftp.password", "FTP password is required").coded("required");
      }
      password = old.password();
    } else if (password.length() > 200) {
      throw ApiException.invalid("ftp.password", "FTP password is longer than 200 characters").coded("tooLong", 200);
    }
    return new FtpServer(host, given.port(), given.user(), password, given.tls());
  }
}
