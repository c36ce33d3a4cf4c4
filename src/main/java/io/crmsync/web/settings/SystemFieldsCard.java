package io.crmsync.web.settings;

import io.crmsync.admin.TableAdmin.SystemFieldsView;
import io.crmsync.db.ColumnInfo;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The product page's system fields «Статус записи» and «Время добавления» on the fields page: per
 * table of the sync, a warning where one is missing (the product page's «Внимание!»), and for the
 * chosen table a form to pick them and the deleted value, as {@code PUT /syncs/{id}/tables/{table}}.
 */
final class SystemFieldsCard {
  private SystemFieldsCard() {}

  /** The warnings of every table of the sync (and of the chosen one) that lacks a system field. */
  static String warnings(HttpServletRequest req, FieldsView.Model m) {
    Texts tx = SettingsGate.texts(req);
    StringBuilder b = new StringBuilder();
    for (SystemFieldsView s : m.system()) {
      String id = "warn-" + Html.esc(s.table().toLowerCase(java.util.Locale.ROOT));
      if (s.statusColumn() == null) {
        b.append("<p class=\"warning\" id=\"").append(id).append("-status\" data-table=\"").append(Html.esc(s.table()))
            .append("\">").append(Html.esc(tx.t("system.noStatus", s.table()))).append("</p>\n");
      }
      if (s.addedTimeColumn() == null) {
        b.append("<p class=\"warning\" id=\"").append(id).append("-added\" data-table=\"").append(Html.esc(s.table()))
            .append("\">").append(Html.esc(tx.t("system.noAdded", s.table()))).append("</p>\n");
      }
    }
    return b.length() == 0 ? "" : "<div class=\"warnings\" role=\"note\" id=\"system-warnings\">" + b + "</div>\n";
  }

  /** The chosen table's system fields: what is used (set, or found by name) and the form to choose. */
  static String form(HttpServletRequest req, FieldsView.Model m, Inputs in, Map<String, String> typed) {
    Texts tx = SettingsGate.texts(req);
    SystemFieldsView s = m.system().stream().filter(v -> v.table().equalsIgnoreCase(m.table().name())).findFirst()
        .orElseThrow();
    Map<String, String> columns = new LinkedHashMap<>();
    columns.put("", tx.t("system.none"));
    for (ColumnInfo c : m.table().columns()) {
      if (!c.name().equalsIgnoreCase(m.table().primaryKey())) {
        columns.put(c.name(), c.name());
      }
    }
    StringBuilder b = new StringBuilder("<section class=\"card\" id=\"system-fields\" aria-labelledby=\"system-title\">")
        .append("<h2 id=\"system-title\">").append(Html.esc(tx.t("system.title", m.table().name()))).append("</h2>\n")
        .append("<p class=\"note\">").append(Html.esc(tx.t("system.intro"))).append("</p>\n<ul class=\"system-state\">")
        .append(state(tx, "system.status", "status-state", s.statusColumn(), s.statusSet()))
        .append(state(tx, "system.added", "added-state", s.addedTimeColumn(), s.addedTimeSet()))
        .append("</ul>\n<form method=\"post\" action=\"").append(Html.esc(req.getContextPath()))
        .append("/settings/fields\" id=\"system-form\">").append(Csrf.field(req))
        .append("<input type=\"hidden\" name=\"sync\" value=\"").append(m.sync().id()).append("\">")
        .append("<input type=\"hidden\" name=\"table\" value=\"").append(Html.esc(m.table().name())).append("\">")
        .append("<input type=\"hidden\" name=\"action\" value=\"systemFields\">")
        .append(in.select("statusColumn", tx.t("system.status"),
            typed.getOrDefault("statusColumn", s.statusColumn() == null ? "" : s.statusColumn()), columns, ""))
        .append(in.row("deletedValue", tx.t("system.deletedValue"), typed.getOrDefault("deletedValue", s.deletedValue()),
            "type=\"text\" maxlength=\"200\""))
        .append(in.select("addedTimeColumn", tx.t("system.added"),
            typed.getOrDefault("addedTimeColumn", s.addedTimeColumn() == null ? "" : s.addedTimeColumn()), columns, ""))
        .append("<p class=\"actions\"><button type=\"submit\" id=\"save-system-fields\">").append(Html.esc(tx.t("form.save")))
        .append("</button></p></form></section>\n");
    return b.toString();
  }

  private static String state(Texts tx, String label, String id, String column, boolean set) {
    String how = column == null ? tx.t("system.missing") : tx.t(set ? "system.chosen" : "system.foundByName", column);
    return "<li id=\"" + id + "\" class=\"" + (column == null ? "missing" : "present") + "\"><strong>"
        + Html.esc(tx.t(label)) + ":</strong> " + Html.esc(how) + "</li>";
  }
}
