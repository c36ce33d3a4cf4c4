/**
 * Running the cycle: the engine that does one exchange (active side) or answers one (passive
 * side) in transactions, the scheduler that ticks every second, and the Jakarta Batch job whose
 * long-running step runs a sync's cycles one after another.
 */
package io.crmsync.cycle;
