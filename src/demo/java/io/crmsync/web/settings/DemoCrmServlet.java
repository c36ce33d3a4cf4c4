package io.crmsync.web.settings;

import io.crmsync.db.Database;
import io.crmsync.settings.Settings;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /demo-crm}: a stand-in CRM page for the demo schema (deploy/demo), only when
 * {@code crmsync.demo.crm} is true. It lists the clients with an edit form, and has a CRM-like
 * menu whose "Настройки → Дополнительно → Синхронизация" opens the settings page, so the demo
 * shows both how the page is reached and a change travelling to the other program. It is built
 * from {@code src/demo/java} into {@code crm-sync-demo.war} only (the product WAR plus this page,
 * deployed by deploy/demo.sh), in the settings page's package to reuse its frame, the login and
 * the CSRF check ({@link DemoCrmGate}).
 */
@WebServlet("/demo-crm")
public class DemoCrmServlet extends HttpServlet {
  static final String ENABLED = "crmsync.demo.crm";
  /** The demo schema's own columns, so the SQL needs no identifiers from outside. */
  private static final List<String> COLUMNS = List.of("name", "phone", "email", "address");
  private static final Map<String, Integer> MAX = Map.of("name", 200, "phone", 50, "email", 200, "address", 300);

  @Inject Database db;

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
    if (!enabled(res)) {
      return;
    }
    show(req, res, 200, Params.id(req.getParameter("edit")), Map.of(), null);
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
    if (!enabled(res)) {
      return;
    }
    Texts tx = SettingsGate.texts(req);
    Long id = Params.id(req.getParameter("id"));
    Map<String, String> typed = new LinkedHashMap<>();
    Map<String, String> errors = new LinkedHashMap<>();
    for (String c : COLUMNS) {
      String v = Params.text(req.getParameter(c));
      typed.put(c, v);
      if (c.equals("name") && v.isEmpty()) {
        errors.put(c, tx.t("err.required"));
      } else if (v.length() > MAX.get(c)) {
        errors.put(c, tx.t("err.tooLong", MAX.get(c)));
      }
    }
    if (id == null) {
      errors.put("", tx.t("err.unknownField"));
    }
    if (!errors.isEmpty()) {
      show(req, res, 400, id, errors, typed);
      return;
    }
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("UPDATE clients SET name = ?, phone = ?, email = ?, address = ? WHERE id = ?")) {
      for (int i = 0; i < COLUMNS.size(); i++) {
        String v = typed.get(COLUMNS.get(i));
        ps.setString(i + 1, v.isEmpty() && i > 0 ? null : v);
      }
      ps.setLong(5, id);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IOException("cannot update the client: " + e.getMessage(), e);
    }
    res.sendRedirect(req.getContextPath() + "/demo-crm?saved=1");
  }

  private static boolean enabled(HttpServletResponse res) throws IOException {
    if (!"true".equalsIgnoreCase(Settings.get(ENABLED, "false").trim())) {
      res.sendError(HttpServletResponse.SC_NOT_FOUND);
      return false;
    }
    return true;
  }

  private void show(HttpServletRequest req, HttpServletResponse res, int status, Long edit, Map<String, String> errors,
      Map<String, String> typed) throws IOException {
    Texts tx = SettingsGate.texts(req);
    String ctx = Html.esc(req.getContextPath());
    StringBuilder b = new StringBuilder("<nav class=\"crm-menu card\" aria-label=\"CRM\"><ul><li><a href=\"").append(ctx)
        .append("/demo-crm\">").append(Html.esc(tx.t("demo.clients"))).append("</a></li><li>")
        .append(Html.esc(tx.t("demo.invoices"))).append("</li><li><details><summary>").append(Html.esc(tx.t("menu.settings")))
        .append("</summary><ul><li><details open><summary>").append(Html.esc(tx.t("menu.additional")))
        .append("</summary><ul><li><a id=\"menu-sync\" href=\"").append(ctx).append("/settings\">")
        .append(Html.esc(tx.t("menu.sync"))).append("</a></li></ul></details></li></ul></details></li></ul></nav>\n");
    if (req.getParameter("saved") != null) {
      b.append("<p class=\"notice\" role=\"status\">").append(Html.esc(tx.t("demo.saved"))).append("</p>\n");
    }
    b.append("<div class=\"scroll\"><table id=\"clients\"><thead><tr><th scope=\"col\">ID</th>");
    COLUMNS.forEach(c -> b.append("<th scope=\"col\">").append(Html.esc(tx.t("demo." + c))).append("</th>"));
    b.append("<th></th></tr></thead><tbody>\n");
    Map<String, String> editing = null;
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("SELECT id, name, phone, email, address FROM clients ORDER BY id");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < COLUMNS.size(); i++) {
          row.put(COLUMNS.get(i), rs.getString(i + 2));
        }
        long id = rs.getLong(1);
        if (edit != null && edit == id) {
          editing = row;
        }
        b.append("<tr><td>").append(id).append("</td>");
        row.values().forEach(v -> b.append("<td>").append(Html.esc(v)).append("</td>"));
        b.append("<td><a href=\"").append(ctx).append("/demo-crm?edit=").append(id).append("\">")
            .append(Html.esc(tx.t("demo.edit"))).append("</a></td></tr>\n");
      }
    } catch (SQLException e) {
      throw new IOException("cannot read the demo clients: " + e.getMessage(), e);
    }
    b.append("</tbody></table></div>\n");
    if (editing != null) {
      Map<String, String> values = typed != null ? typed : editing;
      Inputs in = new Inputs(errors);
      b.append("<form method=\"post\" class=\"card\" action=\"").append(ctx).append("/demo-crm\"><h2>")
          .append(Html.esc(tx.t("demo.editTitle"))).append("</h2>").append(Csrf.field(req)).append(in.general())
          .append("<input type=\"hidden\" name=\"id\" value=\"").append(edit).append("\">");
      for (String c : COLUMNS) {
        b.append(in.row(c, tx.t("demo." + c), values.get(c), "type=\"text\" maxlength=\"" + MAX.get(c) + "\""));
      }
      b.append("<p class=\"actions\"><button type=\"submit\">").append(Html.esc(tx.t("form.save"))).append("</button></p></form>\n");
    }
    Page.send(res, status, Page.render(req, tx.t("demo.title"), b.toString()));
  }
}
