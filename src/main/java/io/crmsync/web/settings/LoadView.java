package io.crmsync.web.settings;

import io.crmsync.exchange.LoadProgress;
import java.util.List;

/**
 * The progress of a sync's initial loads (or reloads) on the settings pages: per table a progress
 * bar, records done of the total, the rate and the time left. Nothing when no load runs.
 */
final class LoadView {
  private LoadView() {}

  static String render(Texts tx, List<LoadProgress> loads, long now) {
    if (loads.isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder("<div class=\"loads\">");
    for (LoadProgress l : loads) {
      String label = tx.t("load.label", l.table());
      b.append("<div class=\"load\" data-table=\"").append(Html.esc(l.table())).append("\" data-done=\"")
          .append(l.done()).append("\" data-total=\"").append(l.expected() == null ? "" : l.expected())
          .append("\"><progress max=\"100\" value=\"").append(l.percent()).append("\" aria-label=\"")
          .append(Html.esc(label)).append("\">").append(l.percent()).append("%</progress> <span class=\"load-text\">");
      if (l.expected() == null) {
        b.append(Html.esc(tx.t("load.waiting", l.table(), tx.number(l.done()))));
      } else {
        b.append(Html.esc(tx.t("load.counted", l.table(), tx.number(l.done()), tx.number(l.expected()),
            Integer.toString(l.percent()))));
      }
      double rate = l.rate(now);
      if (rate > 0) {
        b.append(" · ").append(Html.esc(tx.t("load.rate", tx.number(Math.round(rate)))));
      }
      Long left = l.secondsLeft(now);
      if (left != null) {
        b.append(" · ").append(Html.esc(tx.t("load.left", duration(tx, left))));
      }
      b.append("</span></div>");
    }
    return b.append("</div>").toString();
  }

  /** 42 s, 7 min, 2 h 5 min. */
  static String duration(Texts tx, long seconds) {
    if (seconds < 60) {
      return tx.t("load.seconds", Long.toString(seconds));
    }
    if (seconds < 3600) {
      return tx.t("load.minutes", Long.toString((seconds + 59) / 60));
    }
    return tx.t("load.hours", Long.toString(seconds / 3600), Long.toString(seconds % 3600 / 60));
  }
}
