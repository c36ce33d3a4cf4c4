package io.crmsync.admin;

import io.crmsync.config.Mode;
import io.crmsync.config.SyncDef;
import io.crmsync.core.ConflictPolicy;
import io.crmsync.exchange.LoadProgress;
import java.time.LocalDateTime;
import java.util.List;

/**
 * A sync with its status, as the admin API and the settings page show it; {@code quarantined}
 * counts the received records this program's database refused (see {@code Quarantine});
 * {@code learnedPolicy} is the conflict policy the active peer told a passive sync (null: not yet);
 * {@code load} the initial loads (or reloads) this side is sending, one per table, empty if none.
 */
public record SyncView(
    SyncDef sync,
    LocalDateTime lastSuccessAt,
    LocalDateTime lastAttemptAt,
    String lastError,
    int quarantined,
    ConflictPolicy learnedPolicy,
    List<LoadProgress> load) {

  public SyncView {
    load = load == null ? List.of() : List.copyOf(load);
  }

  /** The policy this sync applies: the active side's own; what a passive side learned, else its own. */
  public ConflictPolicy conflictPolicy() {
    return sync.mode() == Mode.PASSIVE && learnedPolicy != null ? learnedPolicy : sync.conflictPolicy();
  }

  /** The green tick: the last attempt succeeded, recently enough for the sync's period. */
  public boolean connected() {
    if (lastSuccessAt == null || lastError != null) {
      return false;
    }
    long allowedSeconds = Math.max(30, 3L * sync.periodSeconds() + 10);
    return lastSuccessAt.isAfter(LocalDateTime.now(java.time.ZoneOffset.UTC).minusSeconds(allowedSeconds));
  }
}
