package io.crmsync.config;

import io.crmsync.core.ConflictPolicy;

/**
 * An immutable view of a sync for the engine.
 *
 * @param folders the upload and download folders of a LOCAL or FTP sync; null for HTTP
 * @param conflictPolicy who wins a conflict, as set on this side (the active side's setting
 *     governs the sync; a passive side applies what the active one tells it)
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
    FolderAccess folders,
    ConflictPolicy conflictPolicy) {

  public SyncDef {
    conflictPolicy = conflictPolicy == null ? ConflictPolicy.NEWEST_WINS : conflictPolicy;
  }

  /** Whether this side runs cycles: every folder sync, and the active side of an HTTP sync. */
  public boolean runsCycles() {
    return transport != Transport.HTTP || mode == Mode.ACTIVE;
  }
}
