package io.crmsync.config;

/** An immutable view of a sync for the engine. */
public record SyncDef(
    long id,
    String name,
    Mode mode,
    Transport transport,
    int periodSeconds,
    String remoteUrl,
    String syncKey,
    String peerKey) {}
