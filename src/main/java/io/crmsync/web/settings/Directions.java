package io.crmsync.web.settings;

import io.crmsync.core.Direction;
import java.util.LinkedHashMap;
import java.util.Map;

/** The four directions of a field as the page shows them: an icon and a label. */
final class Directions {
  private Directions() {}

  static String icon(Direction d) {
    return switch (d) {
      case BOTH -> "⇄";
      case UPLOAD -> "→";
      case DOWNLOAD -> "←";
      case OFF -> "⏸";
    };
  }

  static String label(Texts tx, Direction d) {
    return tx.t("dir." + d.name());
  }

  /** Options for a select: value → icon and label. */
  static Map<String, String> options(Texts tx) {
    Map<String, String> m = new LinkedHashMap<>();
    for (Direction d : Direction.values()) {
      m.put(d.name(), icon(d) + " " + label(tx, d));
    }
    return m;
  }

  /** The direction named exactly, or null. */
  static Direction parse(String value) {
    for (Direction d : Direction.values()) {
      if (d.name().equals(value)) {
        return d;
      }
    }
    return null;
  }
}
