package io.crmsync.config;

import java.util.Objects;

/**
 * Where a LOCAL or FTP sync exchanges its batch files: the folder this program writes to
 * ({@code uploadDir}), the folder it reads the peer's files from ({@code downloadDir}) and, for
 * FTP, the server holding both. The peer names the same two folders the other way round.
 */
public record FolderAccess(String uploadDir, String downloadDir, FtpServer ftp) {
  public FolderAccess {
    Objects.requireNonNull(uploadDir, "uploadDir");
    Objects.requireNonNull(downloadDir, "downloadDir");
  }

  /** A folder pair on this machine. */
  public static FolderAccess local(String uploadDir, String downloadDir) {
    return new FolderAccess(uploadDir, downloadDir, null);
  }

  /** Where a folder is, for telling whether two syncs share one: the server and the path. */
  public String location(String dir) {
    return ftp == null ? "file:" + dir : "ftp://" + ftp.host().toLowerCase(java.util.Locale.ROOT) + ":" + ftp.port() + dir;
  }

  @Override
  public String toString() {
    return (ftp == null ? "local" : ftp.toString()) + " upload " + uploadDir + ", download " + downloadDir;
  }
}
