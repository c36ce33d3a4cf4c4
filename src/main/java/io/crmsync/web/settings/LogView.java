package io.crmsync.web.settings;

import io.crmsync.admin.SyncView;
import io.crmsync.log.LogQuery;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The change log: filters, then rows newest first, then paging links. A row names the program its
 * value came from; a conflict row is marked and followed by its explanation (see
 * {@link ConflictView}). Every value is escaped.
 */
final class LogView {
  private LogView() {}

  /** The rows of a page, the names of the programs their conflicts name, and which columns are boolean. */
  record Rows(List<LogQuery.Entry> rows, Map<String, String> names, Set<String> booleans) {}

  /** A value longer than this shows its start, and the whole value when opened. */
  static final int LONG_VALUE = 160;

  static String render(HttpServletRequest req, LogFilterForm f, Map<String, String> errors, List<SyncView> syncs, Rows page) {
    Texts tx = SettingsGate.texts(req);
    List<LogQuery.Entry> rows = page.rows();
    StringBuilder b = new StringBuilder(filters(req, tx, f, errors, syncs));
    if (rows.isEmpty()) {
      return b.append("<p id=\"no-rows\">").append(Html.esc(tx.t("log.empty"))).append("</p>\n").toString();
    }
    b.append("<div class=\"scroll\"><table id=\"log\"><caption>").append(Html.esc(tx.t("log.caption", f.pageNumber())))
        .append("</caption><thead><tr>");
    for (String k : HEADS) {
      b.append("<th scope=\"col\">").append(Html.esc(tx.t(k))).append("</th>");
    }
    b.append("</tr></thead><tbody>\n");
    for (LogQuery.Entry e : rows.subList(0, Math.min(rows.size(), LogFilterForm.PAGE_SIZE))) {
      b.append(row(tx, e, page.booleans()));
      if (e.conflict()) {
        b.append("<tr class=\"conflict-detail\" id=\"conflict-").append(e.id()).append("\"><td colspan=\"")
            .append(HEADS.size()).append("\"><div class=\"conflict\">").append(ConflictView.render(tx, e.conflictDetail(), page.names()))
            .append("</div></td></tr>\n");
      }
    }
    b.append("</tbody></table></div>\n<nav class=\"paging\" aria-label=\"").append(Html.esc(tx.t("log.paging"))).append("\">");
    String base = Html.esc(req.getContextPath()) + "/settings/log?";
    if (f.pageNumber() > 1) {
      b.append("<a rel=\"prev\" id=\"prev\" href=\"").append(base).append(Html.esc(f.query(f.pageNumber() - 1))).append("\">← ")
          .append(Html.esc(tx.t("log.prev"))).append("</a> ");
    }
    b.append("<span>").append(Html.esc(tx.t("log.page", tx.number(f.pageNumber())))).append("</span>");
    if (rows.size() > LogFilterForm.PAGE_SIZE) {
      b.append(" <a rel=\"next\" id=\"next\" href=\"").append(base).append(Html.esc(f.query(f.pageNumber() + 1))).append("\">")
          .append(Html.esc(tx.t("log.next"))).append(" →</a>");
    }
    return b.append("</nav>\n").toString();
  }

  private static String filters(HttpServletRequest req, Texts tx, LogFilterForm f, Map<String, String> errors,
      List<SyncView> syncs) {
    Inputs in = new Inputs(errors);
    Map<String, String> syncOptions = new LinkedHashMap<>();
    syncOptions.put("", tx.t("log.all"));
    syncs.forEach(s -> syncOptions.put(Long.toString(s.sync().id()), s.sync().name()));
    Map<String, String> dirOptions = new LinkedHashMap<>();
    dirOptions.put("", tx.t("log.all"));
    dirOptions.put("IN", tx.t("log.IN"));
    dirOptions.put("OUT", tx.t("log.OUT"));
    return new StringBuilder("<form method=\"get\" class=\"card filters\" id=\"log-filters\" action=\"")
        .append(Html.esc(req.getContextPath())).append("/settings/log\">")
        .append(in.select("sync", tx.t("log.sync"), f.sync(), syncOptions, ""))
        .append(in.row("table", tx.t("fields.table"), f.table(), "type=\"text\" maxlength=\"128\""))
        .append(in.select("direction", tx.t("log.direction"), f.direction(), dirOptions, ""))
        .append(in.row("from", tx.t("log.from"), f.from(), "type=\"date\""))
        .append(in.row("to", tx.t("log.to"), f.to(), "type=\"date\""))
        .append("<div class=\"row check\"><input type=\"checkbox\" id=\"conflict\" name=\"conflict\" value=\"1\"")
        .append(Html.flag(f.conflictsOnly(), "checked")).append(in.invalid("conflict")).append("><label for=\"conflict\">")
        .append(Html.esc(tx.t("log.conflictsOnly"))).append("</label>").append(in.error("conflict")).append("</div>\n")
        .append(in.error("page")).append(in.error("tz"))
        // The browser's time zone, filled in by the script: the dates are days there.
        .append("<input type=\"hidden\" name=\"tz\" value=\"").append(Html.esc(f.tz())).append("\">")
        .append("<p class=\"actions\"><button type=\"submit\" id=\"filter\">").append(Html.esc(tx.t("log.filter")))
        .append("</button></p></form>\n").toString();
  }

  private static final List<String> HEADS = List.of("log.at", "log.sync", "log.direction", "fields.table", "log.record",
      "fields.column", "log.old", "log.new", "log.origin");

  private static String row(Texts tx, LogQuery.Entry e, Set<String> booleans) {
    boolean bool = e.table() != null && e.column() != null
        && booleans.contains((e.table() + "." + e.column()).toLowerCase(Locale.ROOT));
    StringBuilder b = new StringBuilder("<tr class=\"log-row").append(e.conflict() ? " conflict" : "").append("\" id=\"log-")
        .append(e.id()).append("\"><td class=\"at\"").append(label(tx, "log.at")).append('>').append(Html.time(tx, e.at()));
    if (e.conflict()) {
      b.append(" <span class=\"badge\">").append(Html.esc(tx.t("log.conflict"))).append("</span>");
    }
    return b.append("</td><td").append(label(tx, "log.sync")).append('>').append(Html.esc(e.sync()))
        .append("</td><td class=\"dir-").append(Html.esc(e.direction())).append('"').append(label(tx, "log.direction")).append('>')
        .append(Html.esc(tx.t("log." + e.direction()))).append("</td><td class=\"table\"").append(label(tx, "fields.table"))
        .append('>').append(Html.esc(e.table())).append("</td><td").append(label(tx, "log.record")).append('>')
        .append(Html.esc(e.recordId())).append("</td><td class=\"column\"").append(label(tx, "fields.column")).append('>')
        .append(Html.esc(e.column())).append("</td><td class=\"old\"").append(label(tx, "log.old")).append('>')
        .append(value(tx, e.oldValue(), bool)).append("</td><td class=\"new\"").append(label(tx, "log.new")).append('>')
        .append(value(tx, e.newValue(), bool)).append("</td><td class=\"origin\"").append(label(tx, "log.origin")).append('>')
        .append(program(e.originName(), e.origin())).append("</td></tr>\n").toString();
  }

  /** The column's name for the phone layout, where each cell is a line of its own. */
  private static String label(Texts tx, String key) {
    return " data-label=\"" + Html.esc(tx.t(key)) + "\"";
  }

  /**
   * A value as an administrator reads it: none as a dash, a boolean column's true/false as yes/no
   * (the stored text in the tooltip), a long value as its start that opens to the whole of it.
   */
  static String value(Texts tx, String v, boolean bool) {
    if (v == null) {
      return "<span class=\"null\" title=\"NULL\">—</span>";
    }
    if (bool && (v.equals("true") || v.equals("false"))) {
      boolean yes = v.equals("true");
      return "<span class=\"bool\" data-value=\"" + v + "\" title=\"" + v + "\">" + (yes ? "✓ " : "✗ ")
          + Html.esc(tx.t(yes ? "log.yes" : "log.no")) + "</span>";
    }
    if (v.codePointCount(0, v.length()) <= LONG_VALUE) {
      return Html.esc(v);
    }
    int cut = v.offsetByCodePoints(0, LONG_VALUE / 2);
    return "<details class=\"long\"><summary>" + Html.esc(v.substring(0, cut)) + "… <span class=\"more\">"
        + Html.esc(tx.t("log.more", tx.number(v.codePointCount(0, v.length())))) + "</span></summary>"
        + "<div class=\"full\">" + Html.esc(v) + "</div></details>";
  }

  /** A program by its name where known, else by the start of its id; the whole id in the tooltip. */
  static String program(String name, String origin) {
    if (origin == null) {
      return "—";
    }
    String shown = name != null ? name : origin.length() > 8 ? origin.substring(0, 8) + "…" : origin;
    return "<span class=\"program\" title=\"" + Html.esc(origin) + "\">" + Html.esc(shown) + "</span>";
  }
}
