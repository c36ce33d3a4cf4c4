package io.crmsync.web.settings;

import io.crmsync.config.FieldDef;
import io.crmsync.config.Mode;
import io.crmsync.core.Direction;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;

/**
 * The fields of a sync, with the direction switch and, on the passive side, how each field is
 * matched with the active program's (by the number typed here, or else by name) and the numbers
 * in one form with one Save button.
 */
final class FieldListView {
  private FieldListView() {}

  static String render(HttpServletRequest req, FieldsView.Model m, Map<String, String> errors, Map<String, String> typed) {
    Texts tx = SettingsGate.texts(req);
    if (m.fields().isEmpty()) {
      return "<p id=\"no-fields\">" + Html.esc(tx.t("fields.none")) + "</p>\n";
    }
    boolean passive = m.sync().mode() == Mode.PASSIVE;
    StringBuilder b = new StringBuilder("<div class=\"scroll\"><table id=\"fields\"><caption>")
        .append(Html.esc(tx.t("fields.caption"))).append("</caption><thead><tr>")
        .append(th(tx, "fields.number")).append(th(tx, "fields.table")).append(th(tx, "fields.column"))
        .append(th(tx, "fields.direction"));
    if (passive) {
      b.append(th(tx, "fields.match"));
    }
    b.append(th(tx, "list.actions")).append("</tr></thead><tbody>\n");
    for (FieldDef f : m.fields()) {
      b.append("<tr id=\"field-").append(f.number()).append("\" data-column=\"").append(Html.esc(f.column()))
          .append("\" data-direction=\"").append(f.direction().name()).append("\"><td class=\"number\">")
          .append(f.number()).append("</td><td").append(label(tx, "fields.table")).append('>').append(Html.esc(f.table()))
          .append("</td><td").append(label(tx, "fields.column")).append('>').append(Html.esc(f.column())).append("</td><td")
          .append(label(tx, "fields.direction")).append('>').append(direction(req, tx, m, f)).append("</td>");
      if (passive) {
        b.append("<td class=\"mapping\"").append(label(tx, "fields.match")).append('>').append(remote(tx, m, f, errors, typed))
            .append("</td>");
      }
      b.append("<td>").append(form(req, m, f, "delete"))
          .append("<button type=\"submit\" class=\"link delete\">").append(Html.esc(tx.t("list.delete")))
          .append("</button></form>").append(rowError(f, errors)).append("</td></tr>\n");
    }
    b.append("</tbody></table></div>\n");
    if (passive) {
      // The number inputs of every row belong to this form (their form attribute): one Save for all.
      b.append("<form method=\"post\" id=\"mappings\" class=\"actions\" action=\"").append(Html.esc(req.getContextPath()))
          .append("/settings/fields\">").append(Csrf.field(req))
          .append("<input type=\"hidden\" name=\"sync\" value=\"").append(m.sync().id()).append("\">")
          .append("<input type=\"hidden\" name=\"table\" value=\"").append(Html.esc(m.table() == null ? "" : m.table().name()))
          .append("\"><input type=\"hidden\" name=\"action\" value=\"mappings\">")
          .append("<button type=\"submit\" id=\"save-mappings\">").append(Html.esc(tx.t("fields.saveMappings")))
          .append("</button> <small>").append(Html.esc(tx.t("fields.mappingsHint"))).append("</small></form>\n");
    }
    return b.toString();
  }

  /** The arrows icon opens a small form to pick another direction (no script needed). */
  private static String direction(HttpServletRequest req, Texts tx, FieldsView.Model m, FieldDef f) {
    String current = Directions.label(tx, f.direction());
    StringBuilder b = new StringBuilder("<details class=\"dir\"><summary title=\"")
        .append(Html.esc(tx.t("fields.changeDirection"))).append("\"><span class=\"icon\" aria-hidden=\"true\">")
        .append(Directions.icon(f.direction())).append("</span> <span class=\"dir-label\">").append(Html.esc(current))
        .append("</span></summary>").append(form(req, m, f, "direction"))
        .append("<label for=\"dir-").append(f.number()).append("\">").append(Html.esc(tx.t("fields.newDirection")))
        .append("</label><select id=\"dir-").append(f.number()).append("\" name=\"direction\">");
    for (Direction d : Direction.values()) {
      b.append("<option value=\"").append(d.name()).append('"').append(Html.flag(d == f.direction(), "selected"))
          .append('>').append(Directions.icon(d)).append(' ').append(Html.esc(Directions.label(tx, d))).append("</option>");
    }
    return b.append("</select> <button type=\"submit\" class=\"set-direction\">").append(Html.esc(tx.t("fields.apply")))
        .append("</button></form></details>").toString();
  }

  /** The number input (of the one mappings form) and, below it, how the field is matched now. */
  private static String remote(Texts tx, FieldsView.Model m, FieldDef f, Map<String, String> errors, Map<String, String> typed) {
    String id = "remote-" + f.number();
    String err = errors.get(id);
    String value = typed.getOrDefault(id, f.remoteNumber() == null ? "" : f.remoteNumber().toString());
    return "<label class=\"sr-only\" for=\"" + id + "\">" + Html.esc(tx.t("fields.remoteNumberOf", f.column())) + "</label>"
        + "<input id=\"" + id + "\" name=\"" + id + "\" form=\"mappings\" type=\"number\" min=\"0\" inputmode=\"numeric\""
        + " class=\"remote-number\" value=\"" + Html.esc(value) + "\""
        + (err == null ? "" : " aria-invalid=\"true\" aria-describedby=\"" + id + "-error\"") + ">"
        + "<small class=\"match\" id=\"match-" + f.number() + "\" data-match=\"" + (f.remoteNumber() == null ? "name" : "number")
        + "\">" + Html.esc(match(tx, m, f)) + "</small>"
        + (err == null ? "" : "<p class=\"error\" id=\"" + id + "-error\">" + Html.esc(err) + "</p>");
  }

  /**
   * How the field is matched with the active program's, as the receiving side resolves it: by the
   * number set here, or else by table and column name (the table renamed by the table settings).
   */
  static String match(Texts tx, FieldsView.Model m, FieldDef f) {
    if (f.remoteNumber() != null) {
      return tx.t("fields.byNumber", f.remoteNumber());
    }
    String remoteTable = m.settings().stream()
        .filter(t -> t.table().equalsIgnoreCase(f.table()) && t.remoteTable() != null)
        .map(t -> t.remoteTable()).findFirst().orElse(f.table());
    return tx.t("fields.byName", remoteTable + "." + f.column());
  }

  private static String form(HttpServletRequest req, FieldsView.Model m, FieldDef f, String action) {
    return "<form method=\"post\" class=\"inline\" action=\"" + Html.esc(req.getContextPath()) + "/settings/fields\">"
        + Csrf.field(req) + "<input type=\"hidden\" name=\"sync\" value=\"" + m.sync().id() + "\">"
        + "<input type=\"hidden\" name=\"table\" value=\"" + Html.esc(m.table() == null ? "" : m.table().name()) + "\">"
        + "<input type=\"hidden\" name=\"number\" value=\"" + f.number() + "\">"
        + "<input type=\"hidden\" name=\"action\" value=\"" + action + "\">";
  }

  private static String rowError(FieldDef f, Map<String, String> errors) {
    String err = errors.get("row-" + f.number());
    return err == null ? "" : "<p class=\"error\">" + Html.esc(err) + "</p>";
  }

  /** The column's name for the phone layout, where each cell is a line of its own. */
  private static String label(Texts tx, String key) {
    return " data-label=\"" + Html.esc(tx.t(key)) + "\"";
  }

  private static String th(Texts tx, String key) {
    return "<th scope=\"col\">" + Html.esc(tx.t(key)) + "</th>";
  }
}
