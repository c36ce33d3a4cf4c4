package io.crmsync.admin;

import io.crmsync.config.FolderAccess;
import io.crmsync.core.ConflictPolicy;
import io.crmsync.config.Mode;
import io.crmsync.config.Transport;

/**
 * A sync as an administrator submits it; null members were not given.
 *
 * @param periodSeconds null: keep (or 5 s for a new sync)
 * @param password null: keep the current one (required for a new sync)
 * @param folders the folders of a LOCAL or FTP sync (an FTP password of null keeps the current one)
 * @param conflictPolicy null: keep (NEWEST_WINS for a new sync)
 */
public record SyncRequest(
    String name,
    Mode mode,
    Transport transport,
    Integer periodSeconds,
    String password,
    String remoteUrl,
    FolderAccess folders,
    ConflictPolicy conflictPolicy) {

  /** A request that leaves the conflict policy as it is (NEWEST_WINS for a new sync). */
  public SyncRequest(
      String name,
      Mode mode,
      Transport transport,
      Integer periodSeconds,
      String password,
      String remoteUrl,
      FolderAccess folders) {
    this(name, mode, transport, periodSeconds, password, remoteUrl, folders, null);
  }

  /** A request for an HTTP sync. */
  public SyncRequest(
      String name, Mode mode, Transport transport, Integer periodSeconds, String password, String remoteUrl) {
    this(name, mode, transport, periodSeconds, password, remoteUrl, null);
  }
}
