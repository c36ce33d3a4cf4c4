package io.crmsync.admin;

import io.crmsync.config.Mode;
import io.crmsync.config.Transport;

/**
 * A sync as an administrator submits it; null members were not given.
 *
 * @param periodSeconds null: keep (or 5 s for a new sync)
 * @param password null: keep the current one (required for a new sync)
 */
public record SyncRequest(
    String name,
    Mode mode,
    Transport transport,
    Integer periodSeconds,
    String password,
    String remoteUrl) {}
