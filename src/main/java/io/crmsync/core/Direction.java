package io.crmsync.core;

/** How one field of a sync flows: the product page's four directions. */
public enum Direction {
  /** Двусторонняя: sent and received. */
  BOTH,
  /** Выгрузка: sent only; the peer's changes are not taken. */
  UPLOAD,
  /** Загрузка: received only; local changes are not sent. */
  DOWNLOAD,
  /** Отключена: paused. */
  OFF;

  public boolean sends() {
    return this == BOTH || this == UPLOAD;
  }

  public boolean receives() {
    return this == BOTH || this == DOWNLOAD;
  }

  /** Parses a direction name, with a message that lists the valid ones. */
  public static Direction parse(String name) {
    if (name != null) {
      for (Direction d : values()) {
        if (d.name().equalsIgnoreCase(name.trim())) {
          return d;
        }
      }
    }
    throw new IllegalArgumentException(
        "direction must be one of BOTH, UPLOAD, DOWNLOAD, OFF (got " + name + ")");
  }
}
