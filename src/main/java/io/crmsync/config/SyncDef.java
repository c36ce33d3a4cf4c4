package io.crmsync.config;

/**
 * An immutable view of a sync for the engine.
 *
 * @param folders the upload and download folders of a LOCAL or FTP sync; null for HTTP
 */
public record SyncDef(
    long id,
    String name,
    Mode mode,
    Transport transport,
    int periodSeconds,
    String remoteUrl,
    String syncKey,
    String peerKey,
    FolderAccess folders) {

  /** Whether this side runs cycles: every folder sync, and the active side of an HTTP sync. */
  public boolean runsCycles() {
    return transport != Transport.HTTP || mode == Mode.ACTIVE;
  }
}
