/**
 * Exchange: building the batch a sync sends (initial load and journal, after its cursor) and
 * applying a received batch by per-field last-writer-wins, with the sync's state (cursors,
 * sequence numbers, acknowledgements) kept in {@code crmsync_sync_state}, and the quarantine of
 * records the database refused. A step receives the database ({@code db.Database}) and the program
 * id through {@link io.crmsync.exchange.Step}, never the program itself.
 */
package io.crmsync.exchange;
