package io.crmsync.web.settings;

import io.crmsync.config.FieldDef;
import io.crmsync.config.Mode;
import io.crmsync.core.Direction;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;

/** The fields of a sync, with the direction switch and, on the passive side, the number mapping. */
final class FieldListView {
  private FieldListView() {}

  static String render(HttpServletRequest req, FieldsView.Model m, Map<String, String> errors) {
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
      b.append(th(tx, "fields.remoteNumber"));
    }
    b.append(th(tx, "list.actions")).append("</tr></thead><tbody>\n");
    for (FieldDef f : m.fields()) {
      b.append("<tr id=\"field-").append(f.number()).append("\" data-column=\"").append(Html.esc(f.column()))
          .append("\" data-direction=\"").append(f.direction().name()).append("\"><td class=\"number\">")
          .append(f.number()).append("</td><td>").append(Html.esc(f.table())).append("</td><td>")
          .append(Html.esc(f.column())).append("</td><td>").append(direction(req, tx, m, f)).append("</td>");
      if (passive) {
        b.append("<td>").append(remote(req, tx, m, f, errors)).append("</td>");
      }
      b.append("<td>").append(form(req, m, f, "delete"))
          .append("<button type=\"submit\" class=\"link delete\">").append(Html.esc(tx.t("list.delete")))
          .append("</button></form>").append(rowError(f, errors)).append("</td></tr>\n");
    }
    return b.append("</tbody></table></div>\n").toString();
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

  private static String remote(HttpServletRequest req, Texts tx, FieldsView.Model m, FieldDef f, Map<String, String> errors) {
    String id = "remote-" + f.number();
    String err = errors.get(id);
    return form(req, m, f, "remote") + "<label class=\"sr-only\" for=\"" + id + "\">"
        + Html.esc(tx.t("fields.remoteNumberOf", f.column())) + "</label><input id=\"" + id + "\" name=\"remoteNumber\""
        + " type=\"number\" min=\"0\" inputmode=\"numeric\" class=\"remote-number\" value=\""
        + (f.remoteNumber() == null ? "" : f.remoteNumber()) + "\""
        + (err == null ? "" : " aria-invalid=\"true\" aria-describedby=\"" + id + "-error\"") + "> <button type=\"submit\" class=\"save-remote\">"
        + Html.esc(tx.t("form.save")) + "</button></form>"
        + (err == null ? "" : "<p class=\"error\" id=\"" + id + "-error\">" + Html.esc(err) + "</p>");
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

  private static String th(Texts tx, String key) {
    return "<th scope=\"col\">" + Html.esc(tx.t(key)) + "</th>";
  }
}
