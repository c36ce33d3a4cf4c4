package io.crmsync.web.settings;

import io.crmsync.admin.SyncView;
import io.crmsync.exchange.Quarantine;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;

/** The quarantine of one sync: what was refused and why, with retry and discard buttons. */
final class QuarantineView {
  private QuarantineView() {}

  static String render(HttpServletRequest req, SyncView sync, List<Quarantine.Entry> entries) {
    Texts tx = SettingsGate.texts(req);
    String ctx = Html.esc(req.getContextPath());
    long syncId = sync.sync().id();
    StringBuilder b = new StringBuilder("<p class=\"intro\">").append(Html.esc(tx.t("q.intro"))).append("</p>\n");
    Long applied = Params.id(req.getParameter("applied"));
    Long refused = Params.id(req.getParameter("refused"));
    if (applied != null && refused != null) {
      b.append("<p class=\"notice\" role=\"status\" id=\"retried\">")
          .append(Html.esc(tx.t("q.retried", tx.number(applied), tx.number(refused)))).append("</p>\n");
    } else if (req.getParameter("discarded") != null) {
      b.append("<p class=\"notice\" role=\"status\" id=\"discarded\">").append(Html.esc(tx.t("q.discarded"))).append("</p>\n");
    }
    if (entries.isEmpty()) {
      return b.append("<p id=\"no-entries\">").append(Html.esc(tx.t("q.empty"))).append("</p>\n")
          .append(back(tx, ctx)).toString();
    }
    b.append(form(req, ctx, syncId, null, "retryAll", tx.t("q.retryAll"), "retry-all", null));
    b.append("<div class=\"scroll\"><table id=\"quarantine\"><caption>")
        .append(Html.esc(tx.t("q.caption", tx.number(entries.size())))).append("</caption><thead><tr>");
    for (String k : List.of("log.at", "fields.table", "log.record", "q.values", "q.reason", "q.attempts", "list.actions")) {
      b.append("<th scope=\"col\">").append(Html.esc(tx.t(k))).append("</th>");
    }
    b.append("</tr></thead><tbody>\n");
    for (Quarantine.Entry e : entries) {
      b.append("<tr class=\"entry\" id=\"entry-").append(e.id()).append("\"><td>").append(Html.time(tx, e.at()))
          .append("</td><td class=\"table\">").append(Html.esc(e.table())).append("</td><td class=\"record\">")
          .append(Html.esc(e.localId() == null ? tx.t("q.new") : e.localId())).append("</td><td class=\"values\">");
      if (e.deletion()) {
        b.append(Html.esc(tx.t("q.deletion")));
      } else {
        b.append("<dl>");
        for (Map.Entry<String, String> v : e.values().entrySet()) {
          b.append("<dt>").append(Html.esc(v.getKey())).append("</dt><dd>")
              .append(v.getValue() == null ? "<i>NULL</i>" : Html.esc(v.getValue())).append("</dd>");
        }
        b.append("</dl>");
      }
      b.append("</td><td class=\"reason\">").append(Html.esc(e.reason())).append("</td><td>")
          .append(Html.esc(tx.number(e.attempts()))).append("</td><td class=\"links\">")
          .append(form(req, ctx, syncId, e.id(), "retry", tx.t("q.retry"), "retry-" + e.id(), null))
          .append(form(req, ctx, syncId, e.id(), "discard", tx.t("q.discard"), "discard-" + e.id(), tx.t("q.discardConfirm")))
          .append("</td></tr>\n");
    }
    return b.append("</tbody></table></div>\n").append(back(tx, ctx)).toString();
  }

  private static String form(
      HttpServletRequest req, String ctx, long syncId, Long entry, String action, String label, String id, String confirm) {
    StringBuilder b = new StringBuilder("<form method=\"post\" class=\"inline\" action=\"").append(ctx)
        .append("/settings/quarantine\">").append(Csrf.field(req))
        .append("<input type=\"hidden\" name=\"sync\" value=\"").append(syncId).append("\">")
        .append("<input type=\"hidden\" name=\"action\" value=\"").append(action).append("\">");
    if (entry != null) {
      b.append("<input type=\"hidden\" name=\"entry\" value=\"").append(entry).append("\">");
    }
    b.append("<button type=\"submit\" id=\"").append(id).append("\"");
    if (confirm != null) {
      b.append(" class=\"link delete\" data-confirm=\"").append(Html.esc(confirm)).append("\"");
    }
    return b.append(">").append(Html.esc(label)).append("</button></form> ").toString();
  }

  private static String back(Texts tx, String ctx) {
    return "<p><a href=\"" + ctx + "/settings\">← " + Html.esc(tx.t("menu.sync")) + "</a></p>\n";
  }
}
