package io.crmsync.admin;

import io.crmsync.config.FolderAccess;
import io.crmsync.config.Mode;
import io.crmsync.config.Transport;

/**
 * A sync as an administrator submits it; null members were not given.
 *
 * @param periodSeconds null: keep (or 5 s for a new sync)
 * @param password null: keep the current one (required for a new sync)
 * @param folders the folders of a LOCAL or FTP sync (an FTP password of null keeps the current one)
 */
public record SyncRequest(
    String name,
    Mode mode,
    Transport transport,
    Integer periodSeconds,
    String password,
    String remoteUrl,
    FolderAccess folders) {

  /** A request for an HTTP sync. */
  public SyncRequest(
      String name, Mode mode, Transport transport, Integer periodSeconds, String password, String remoteUrl) {
    this(name, mode, transport, periodSeconds, password, remoteUrl, null);
  }
}
