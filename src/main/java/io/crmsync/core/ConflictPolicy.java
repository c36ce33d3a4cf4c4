package io.crmsync.core;

import java.util.Locale;

/**
 * Who wins a conflict of a sync: two edits of one field, each made without having seen the other,
 * with different values. The active program's setting governs the sync; the passive one learns it
 * from the exchanges.
 */
public enum ConflictPolicy {
  /** The later edit (hybrid logical clock time, then program id). */
  NEWEST_WINS,
  /** The value from the active program's side of the sync. */
  ACTIVE_WINS,
  /** The value from the passive program's side of the sync. */
  PASSIVE_WINS;

  /** The policy named {@code text} (any case); null or blank is {@link #NEWEST_WINS}. */
  public static ConflictPolicy parse(String text) {
    if (text == null || text.isBlank()) {
      return NEWEST_WINS;
    }
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "conflictPolicy must be NEWEST_WINS, ACTIVE_WINS or PASSIVE_WINS, not '" + text + "'");
    }
  }
}
