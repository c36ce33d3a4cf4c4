package io.crmsync.config;

import io.crmsync.core.ConflictPolicy;

/**
 * An immutable view of a sync for the engine.
 *
 * @param folders the upload and download folders of a LOCAL or FTP sync; null for HTTP
 * @param conflictPolicy who wins a conflict, as set on this side (the active side's setting
 *     governs the sync; a passive side applies what the active one tells it)
 * @param remoteAddress the remote program's address an active HTTP sync was given ({@code
 *     remoteUrl} is then the peer URL found there); null when it was given the peer URL
 * @param discoveryKey a passive HTTP sync's key that recognises its password in a discovery
 *     request (see {@code security/Discovery}); null for other syncs and those saved before
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
    ConflictPolicy conflictPolicy,
    String remoteAddress,
    String discoveryKey) {

  public SyncDef {
    conflictPolicy = conflictPolicy == null ? ConflictPolicy.NEWEST_WINS : conflictPolicy;
  }

  /** Whether this side runs cycles: every folder sync, and the active side of an HTTP sync. */
  public boolean runsCycles() {
    return transport != Transport.HTTP || mode == Mode.ACTIVE;
  }
}
