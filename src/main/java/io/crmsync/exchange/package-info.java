/**
 * Exchange: building the batch a sync sends (initial load and journal, after its cursor) and
 * applying a received batch by per-field last-writer-wins, with the sync's state (cursors,
 * sequence numbers, acknowledgements) kept in {@code crmsync_sync_state}.
 */
package io.crmsync.exchange;
