package io.crmsync.admin;

import io.crmsync.config.SyncDef;
import java.time.LocalDateTime;

/**
 * A sync with its status, as the admin API and the settings page show it; {@code quarantined}
 * counts the received records this program's database refused (see {@code Quarantine}).
 */
public record SyncView(
    SyncDef sync,
    LocalDateTime lastSuccessAt,
    LocalDateTime lastAttemptAt,
    String lastError,
    int quarantined) {

  /** The green tick: the last attempt succeeded, recently enough for the sync's period. */
  public boolean connected() {
    if (lastSuccessAt == null || lastError != null) {
      return false;
    }
    long allowedSeconds = Math.max(30, 3L * sync.periodSeconds() + 10);
    return lastSuccessAt.isAfter(LocalDateTime.now(java.time.ZoneOffset.UTC).minusSeconds(allowedSeconds));
  }
}
