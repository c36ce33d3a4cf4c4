package io.crmsync.transport.folder;

import io.crmsync.config.FolderAccess;
import io.crmsync.config.FtpServer;
import io.crmsync.settings.Settings;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A LOCAL or FTP sync's two folders: opened for its transport, and cleaned when the sync is deleted.
 * A deleted sync takes away only what this side wrote into its upload folder (batch files, the ack
 * file, large values, its temporary files) and, in the download folder, the quarantine subfolder it
 * made if that is empty. The folders stay, and so do everything else in them: files of other programs
 * or people, the files the peer wrote (the peer's to remove), quarantined files and {@code archive/}.
 */
public final class SyncFolders {
  private static final Logger LOG = Logger.getLogger(SyncFolders.class.getName());
  /** What this side writes into its upload folder, for a warning when the folder cannot be read. */
  static final String WRITTEN = "crmsync-*.batch, crmsync-ack, crmsync-*.blob, .crmsync-*.tmp";

  private SyncFolders() {}

  public static Folder open(FolderAccess dirs) {
    FtpServer ftp = dirs.ftp();
    return ftp == null
        ? new LocalFolder()
        : new FtpFolder(ftp, Duration.ofSeconds(Settings.getInt(Settings.FTP_TIMEOUT, 30)));
  }

  /** Whether this side writes a file of this name into its upload folder. */
  static boolean written(String name) {
    return BatchFiles.seqOf(name).isPresent()
        || name.equals(BatchFiles.ACK_NAME)
        || (name.startsWith("crmsync-") && name.endsWith(".blob"))
        || BatchFiles.isTemporary(name);
  }

  /**
   * Removes the files a deleted sync wrote; what cannot be removed (a folder or server out of reach,
   * a file that refuses) is logged as a warning naming the files, and left.
   *
   * @return the names left in the upload folder (patterns if it could not be read)
   */
  public static List<String> removeWritten(String syncName, FolderAccess dirs) {
    try (Folder folder = open(dirs)) {
      return removeWritten(syncName, dirs, folder);
    }
  }

  static List<String> removeWritten(String syncName, FolderAccess dirs, Folder folder) {
    String up = dirs.location(dirs.uploadDir());
    List<String> names;
    try {
      names = folder.list(dirs.uploadDir()).stream().filter(SyncFolders::written).toList();
    } catch (IOException | RuntimeException e) {
      warn(syncName, up, WRITTEN + " (the folder could not be read: " + e.getMessage() + ")");
      return List.of(WRITTEN.split(", "));
    }
    List<String> left = new ArrayList<>();
    String reason = null;
    for (String name : names) {
      try {
        folder.delete(dirs.uploadDir(), name);
      } catch (IOException | RuntimeException e) {
        left.add(name);
        reason = e.getMessage();
      }
    }
    if (!left.isEmpty()) {
      warn(syncName, up, String.join(", ", left) + " (" + reason + ")");
    }
    try {
      folder.removeEmptyFolder(dirs.downloadDir(), FolderTransport.QUARANTINE);
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.INFO, "crm-sync: deleted sync ''{0}'' left the folder {1}/{2}: {3}",
          new Object[] {syncName, dirs.location(dirs.downloadDir()), FolderTransport.QUARANTINE, e.getMessage()});
    }
    return left;
  }

  private static void warn(String syncName, String folder, String files) {
    LOG.log(Level.WARNING, "crm-sync: sync ''{0}'' was deleted, but files it wrote are left in {1}: {2}; remove them by hand",
        new Object[] {syncName, folder, files});
  }
}
