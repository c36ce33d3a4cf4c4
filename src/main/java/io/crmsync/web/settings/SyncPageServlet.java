package io.crmsync.web.settings;

import io.crmsync.admin.ActivityAdmin;
import io.crmsync.admin.ApiException;
import io.crmsync.admin.SyncAdmin;
import io.crmsync.admin.SyncView;
import io.crmsync.exchange.Activity;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * {@code /settings/sync?sync=ID}: what one sync is doing: its status, the time since its last
 * exchange, the progress of its initial loads and the chart of its last day.
 */
@WebServlet("/settings/sync")
public class SyncPageServlet extends HttpServlet {
  @Inject SyncAdmin syncs;
  @Inject ActivityAdmin activity;

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
    Long syncId = Params.id(req.getParameter("sync"));
    SyncView v;
    try {
      v = syncs.get(syncId == null ? -1 : syncId);
    } catch (ApiException e) {
      Params.notFound(req, res);
      return;
    }
    long now = System.currentTimeMillis();
    List<Activity.Minute> minutes = activity.lastDay(v.sync().id(), now);
    Texts tx = SettingsGate.texts(req);
    String ctx = Html.esc(req.getContextPath());
    StringBuilder b = new StringBuilder("<section class=\"card\" id=\"sync-activity\">");
    b.append("<p id=\"since-last\">").append(Html.esc(sinceLast(tx, v.lastSuccessAt()))).append("</p>");
    if (v.lastError() != null) {
      b.append("<p class=\"status-error\">").append(Html.esc(v.lastError())).append("</p>");
    }
    b.append(LoadView.render(tx, v.load(), now));
    b.append("<h2>").append(Html.esc(tx.t("activity.chartTitle"))).append("</h2>");
    b.append(ActivityChart.render(tx, minutes, now));
    b.append("<p class=\"links\"><a href=\"").append(ctx).append("/settings/fields?sync=").append(v.sync().id())
        .append("\">").append(Html.esc(tx.t("list.fields"))).append("</a> <a href=\"").append(ctx)
        .append("/settings/log?sync=").append(v.sync().id()).append("\">").append(Html.esc(tx.t("list.log")))
        .append("</a></p></section>");
    Page.send(res, 200, Page.render(req, tx.t("activity.title", v.sync().name()), b.toString()));
  }

  static String sinceLast(Texts tx, LocalDateTime lastSuccessUtc) {
    if (lastSuccessUtc == null) {
      return tx.t("activity.never");
    }
    long seconds = Math.max(0, Duration.between(lastSuccessUtc, LocalDateTime.now(ZoneOffset.UTC)).toSeconds());
    return tx.t("activity.since", LoadView.duration(tx, seconds), tx.dateTime(lastSuccessUtc));
  }
}
