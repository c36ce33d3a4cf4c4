package io.crmsync.web.settings;

import io.crmsync.admin.ApiException;
import io.crmsync.admin.QuarantineAdmin;
import io.crmsync.admin.SyncAdmin;
import io.crmsync.admin.SyncView;
import io.crmsync.exchange.Applier;
import io.crmsync.exchange.Quarantine;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;

/**
 * {@code /settings/quarantine?sync=ID}: the received records this program's database refused,
 * with the reason, and buttons to retry all, retry one or discard one (POST, CSRF-checked by
 * {@link SettingsGate}).
 */
@WebServlet("/settings/quarantine")
public class QuarantineServlet extends HttpServlet {
  @Inject SyncAdmin syncs;
  @Inject QuarantineAdmin quarantine;

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
    Long syncId = Params.id(req.getParameter("sync"));
    SyncView sync;
    List<Quarantine.Entry> entries;
    try {
      sync = syncs.get(syncId == null ? -1 : syncId);
      entries = quarantine.list(sync.sync().id());
    } catch (ApiException e) {
      Params.notFound(req, res);
      return;
    }
    Texts tx = SettingsGate.texts(req);
    Page.send(res, 200,
        Page.render(req, tx.t("q.title", sync.sync().name()), QuarantineView.render(req, sync, entries)));
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
    Long syncId = Params.id(req.getParameter("sync"));
    Long entry = Params.id(req.getParameter("entry"));
    String action = req.getParameter("action");
    if (syncId == null || !List.of("retry", "retryAll", "discard").contains(action)
        || (!"retryAll".equals(action) && entry == null)) {
      res.sendError(400, "expected sync, action (retry, retryAll, discard) and, but for retryAll, entry");
      return;
    }
    String outcome;
    try {
      if ("discard".equals(action)) {
        quarantine.discard(syncId, entry);
        outcome = "discarded=1";
      } else {
        Applier.RetryResult r = quarantine.retry(syncId, "retry".equals(action) ? entry : null);
        outcome = "applied=" + r.applied() + "&refused=" + r.stillRefused();
      }
    } catch (ApiException e) {
      // The sync or the record is gone (another tab, a retry that applied it): show what is left.
      outcome = "gone=1";
    }
    res.sendRedirect(req.getContextPath() + "/settings/quarantine?sync=" + syncId + "&" + outcome);
  }
}
