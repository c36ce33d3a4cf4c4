package io.crmsync.web.settings;

import io.crmsync.admin.TableAdmin;
import io.crmsync.config.FieldDef;
import io.crmsync.config.Mode;
import io.crmsync.config.SyncDef;
import io.crmsync.config.TableDef;
import io.crmsync.db.ColumnInfo;
import io.crmsync.db.TableInfo;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields page: choose a table, add one field (or the whole table) with a direction, and below
 * the sync's fields with their number, direction icon (click to change) and, on the passive side,
 * the number of the active side's field.
 */
final class FieldsView {
  private FieldsView() {}

  /**
   * What the page shows; {@code table} is null until one is chosen. {@code settings}: the sync's
   * table settings; {@code system}: the system fields of the sync's tables and of the chosen one.
   */
  record Model(SyncDef sync, List<TableInfo> tables, TableInfo table, List<FieldDef> fields, List<TableDef> settings,
      List<TableAdmin.SystemFieldsView> system) {}

  static String render(HttpServletRequest req, Model m, Map<String, String> errors, Map<String, String> typed) {
    Texts tx = SettingsGate.texts(req);
    String action = Html.esc(req.getContextPath()) + "/settings/fields";
    Inputs in = new Inputs(errors);
    StringBuilder b = new StringBuilder();
    b.append("<p><a href=\"").append(Html.esc(req.getContextPath())).append("/settings\">← ")
        .append(Html.esc(tx.t("menu.sync"))).append("</a> · ").append(Html.esc(tx.t("mode." + m.sync().mode().name())))
        .append("</p>\n").append(in.general());
    Map<String, String> tableOptions = new LinkedHashMap<>();
    tableOptions.put("", tx.t("fields.chooseTable"));
    m.tables().forEach(t -> tableOptions.put(t.name(), t.name()));
    b.append("<form method=\"get\" action=\"").append(action).append("\" class=\"card\" id=\"table-form\">")
        .append("<input type=\"hidden\" name=\"sync\" value=\"").append(m.sync().id()).append("\">")
        .append(in.select("table", tx.t("fields.table"), m.table() == null ? "" : m.table().name(), tableOptions, "data-autosubmit"))
        .append("<p class=\"actions\"><button type=\"submit\" id=\"show-table\">").append(Html.esc(tx.t("fields.show")))
        .append("</button></p></form>\n");
    b.append(SystemFieldsCard.warnings(req, m));
    if (m.table() != null) {
      b.append(addForms(req, m, in, typed)).append(SystemFieldsCard.form(req, m, in, typed));
    }
    return b.append(FieldListView.render(req, m, errors, typed)).toString();
  }

  private static String addForms(HttpServletRequest req, Model m, Inputs in, Map<String, String> typed) {
    Texts tx = SettingsGate.texts(req);
    String action = Html.esc(req.getContextPath()) + "/settings/fields";
    String hidden = Csrf.field(req) + "<input type=\"hidden\" name=\"sync\" value=\"" + m.sync().id() + "\">"
        + "<input type=\"hidden\" name=\"table\" value=\"" + Html.esc(m.table().name()) + "\">";
    StringBuilder options = new StringBuilder();
    boolean anyLeft = false;
    for (ColumnInfo c : m.table().columns()) {
      boolean pk = c.name().equalsIgnoreCase(m.table().primaryKey());
      boolean link = m.table().isForeignKey(c.name());
      boolean added = m.fields().stream().anyMatch(f -> f.table().equalsIgnoreCase(m.table().name()) && f.column().equalsIgnoreCase(c.name()));
      anyLeft |= !(pk || link || added);
      String note = pk ? tx.t("fields.isId") : link ? tx.t("fields.isLink") : added ? tx.t("fields.isAdded") : "";
      options.append("<option value=\"").append(Html.esc(c.name())).append('"')
          .append(Html.flag(pk || link || added, "disabled"))
          .append(Html.flag(c.name().equals(typed.get("column")), "selected")).append('>')
          .append(Html.esc(c.name())).append(note.isEmpty() ? "" : " (" + Html.esc(note) + ")").append("</option>");
    }
    // With every option disabled the browser shows an empty select: say why instead.
    String noneLeft = anyLeft ? "" : "<option value=\"\" selected>" + Html.esc(tx.t("fields.noneLeft")) + "</option>";
    StringBuilder columns = new StringBuilder("<div class=\"row\"><label for=\"column\">")
        .append(Html.esc(tx.t("fields.column"))).append("</label><select id=\"column\" name=\"column\"")
        .append(in.invalid("column")).append(anyLeft ? "" : " aria-describedby=\"column-note\"").append(">")
        .append(noneLeft).append(options).append("</select>")
        .append(anyLeft ? "" : "<small id=\"column-note\">" + Html.esc(tx.t("fields.noneLeftWhy", m.table().name())) + "</small>")
        .append(in.error("column")).append("</div>\n");
    StringBuilder b = new StringBuilder("<section class=\"card\" aria-labelledby=\"add-title\"><h2 id=\"add-title\">")
        .append(Html.esc(tx.t("fields.addTitle", m.table().name()))).append("</h2>\n")
        .append("<form method=\"post\" action=\"").append(action).append("\" id=\"add-field-form\">").append(hidden)
        .append("<input type=\"hidden\" name=\"action\" value=\"add\">").append(columns)
        .append(in.select("direction", tx.t("fields.direction"), typed.getOrDefault("direction", "BOTH"), Directions.options(tx), ""));
    if (m.sync().mode() == Mode.PASSIVE) {
      b.append(in.row("remoteNumber", tx.t("fields.remoteNumber"), typed.getOrDefault("remoteNumber", ""),
          "type=\"number\" min=\"1\" inputmode=\"numeric\""));
    }
    b.append("<p class=\"actions\"><button type=\"submit\" id=\"add-field\"").append(Html.flag(!anyLeft, "disabled"))
        .append(">").append(Html.esc(tx.t("fields.add")))
        .append("</button></p></form>\n")
        .append("<form method=\"post\" action=\"").append(action).append("\" id=\"add-table-form\">").append(hidden)
        .append("<input type=\"hidden\" name=\"action\" value=\"addTable\">")
        .append(in.select("tableDirection", tx.t("fields.tableDirection"), "BOTH", Directions.options(tx), ""))
        .append("<p class=\"actions\"><button type=\"submit\" id=\"add-table\">").append(Html.esc(tx.t("fields.addTable")))
        .append("</button></p></form></section>\n");
    return b.toString();
  }
}
