package io.crmsync.config;

/** Активная / пассивная: the active side starts every exchange, the passive side answers. */
public enum Mode {
  ACTIVE,
  PASSIVE
}
