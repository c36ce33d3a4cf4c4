package io.crmsync.web.settings;

import io.crmsync.admin.SyncView;
import io.crmsync.config.Mode;
import io.crmsync.config.SyncDef;
import io.crmsync.config.Transport;
import io.crmsync.transport.http.PeerUrls;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;

/**
 * The list of syncs: the green tick or the red mark with the last error, the last exchange,
 * the conflict policy it applies, links to the fields and the log, and for a passive HTTP sync the
 * peer URL with a copy button.
 */
final class SyncListView {
  private SyncListView() {}

  static String render(HttpServletRequest req, List<SyncView> syncs, String baseUrl) {
    Texts tx = SettingsGate.texts(req);
    String ctx = Html.esc(req.getContextPath());
    if (syncs.isEmpty()) {
      return "<p id=\"no-syncs\">" + Html.esc(tx.t("list.empty")) + "</p>\n";
    }
    StringBuilder b = new StringBuilder("<div class=\"scroll\"><table id=\"syncs\"><caption>")
        .append(Html.esc(tx.t("list.caption"))).append("</caption><thead><tr>")
        .append(th(tx, "list.status")).append(th(tx, "form.name")).append(th(tx, "form.mode"))
        .append(th(tx, "form.transport")).append(th(tx, "list.policy")).append(th(tx, "list.last")).append(th(tx, "list.actions"))
        .append("</tr></thead><tbody>\n");
    for (SyncView v : syncs) {
      SyncDef s = v.sync();
      b.append("<tr id=\"sync-").append(s.id()).append("\" data-name=\"").append(Html.esc(s.name())).append("\"><td>")
          .append(status(tx, v)).append(LoadView.render(tx, v.load(), System.currentTimeMillis()))
          .append("</td><td class=\"name\">").append(Html.esc(s.name()));
      if (s.mode() == Mode.PASSIVE && s.transport() == Transport.HTTP) {
        b.append(peerUrl(tx, s, PeerUrls.of(baseUrl, s.syncKey())));
      }
      b.append("</td><td data-label=\"").append(Html.esc(tx.t("form.mode"))).append("\">")
          .append(Html.esc(tx.t("mode." + s.mode().name())))
          .append("</td><td data-label=\"").append(Html.esc(tx.t("form.transport"))).append("\">")
          .append(Html.esc(tx.t("transport." + s.transport().name())))
          .append("</td>").append(policy(tx, v)).append("<td class=\"last\" data-label=\"").append(Html.esc(tx.t("list.last")))
          .append("\">").append(Html.time(tx, v.lastSuccessAt()))
          .append("</td><td class=\"links\">")
          .append("<a class=\"fields-link\" href=\"").append(ctx).append("/settings/fields?sync=").append(s.id()).append("\">")
          .append(Html.esc(tx.t("list.fields"))).append("</a> ")
          .append("<a class=\"log-link\" href=\"").append(ctx).append("/settings/log?sync=").append(s.id()).append("\">")
          .append(Html.esc(tx.t("list.log"))).append("</a> ")
          .append("<a class=\"activity-link\" href=\"").append(ctx).append("/settings/sync?sync=").append(s.id()).append("\">")
          .append(Html.esc(tx.t("list.activity"))).append("</a> ");
      if (v.quarantined() > 0) {
        b.append("<a class=\"quarantine-link\" href=\"").append(ctx).append("/settings/quarantine?sync=").append(s.id())
            .append("\">").append(Html.esc(tx.t("list.quarantine", tx.number(v.quarantined())))).append("</a> ");
      }
      b.append("<a class=\"edit-link\" href=\"").append(ctx).append("/settings?edit=").append(s.id()).append("\">")
          .append(Html.esc(tx.t("list.edit"))).append("</a> ")
          .append("<form method=\"post\" action=\"").append(ctx).append("/settings\" class=\"inline\">")
          .append(Csrf.field(req)).append("<input type=\"hidden\" name=\"action\" value=\"delete\">")
          .append("<input type=\"hidden\" name=\"id\" value=\"").append(s.id()).append("\">")
          .append("<button type=\"submit\" class=\"link delete\" data-confirm=\"")
          .append(Html.esc(tx.t("list.deleteConfirm", s.name()))).append("\">")
          .append(Html.esc(tx.t("list.delete"))).append("</button></form>")
          .append("</td></tr>\n");
    }
    return b.append("</tbody></table></div>\n").toString();
  }

  private static String th(Texts tx, String key) {
    return "<th scope=\"col\">" + Html.esc(tx.t(key)) + "</th>";
  }

  /** The policy the sync applies; a passive sync says whether it is the active side's or still its own. */
  private static String policy(Texts tx, SyncView v) {
    StringBuilder b = new StringBuilder("<td class=\"policy\" data-policy=\"").append(v.conflictPolicy().name())
        .append("\" data-label=\"").append(Html.esc(tx.t("list.policy"))).append("\">").append(Html.esc(tx.t("policy.short." + v.conflictPolicy().name())));
    if (v.sync().mode() == Mode.PASSIVE) {
      b.append("<small>").append(Html.esc(tx.t(v.learnedPolicy() == null ? "list.policyOwn" : "list.policyTold")))
          .append("</small>");
    }
    return b.append("</td>").toString();
  }

  private static String status(Texts tx, SyncView v) {
    String refused =
        v.quarantined() == 0
            ? ""
            : " <span class=\"status-refused\">" + Html.esc(tx.t("status.refused", tx.number(v.quarantined()))) + "</span>";
    if (v.connected()) {
      return "<span class=\"status status-ok\" role=\"img\" aria-label=\"" + Html.esc(tx.t("status.ok"))
          + "\" title=\"" + Html.esc(tx.t("status.ok")) + "\">✔</span>" + refused;
    }
    String why = v.lastError() != null ? v.lastError() : tx.t(v.lastSuccessAt() == null ? "status.never" : "status.stale");
    return "<span class=\"status status-bad\" role=\"img\" aria-label=\"" + Html.esc(tx.t("status.bad"))
        + "\">✖</span> <span class=\"status-error\">" + Html.esc(why) + "</span>" + refused;
  }

  private static String peerUrl(Texts tx, SyncDef s, String url) {
    String id = "peer-url-" + s.id();
    return "<div class=\"peer\"><label for=\"" + id + "\">" + Html.esc(tx.t("list.peerUrl")) + "</label>"
        + "<input id=\"" + id + "\" class=\"peer-url\" type=\"text\" readonly value=\"" + Html.esc(url) + "\">"
        + "<button type=\"button\" class=\"copy\" data-copy=\"" + id + "\" data-copied=\"" + Html.esc(tx.t("list.copied"))
        + "\">" + Html.esc(tx.t("list.copy")) + "</button><span class=\"copy-status\" role=\"status\"></span></div>";
  }
}
