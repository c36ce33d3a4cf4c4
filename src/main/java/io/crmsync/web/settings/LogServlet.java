package io.crmsync.web.settings;

import io.crmsync.admin.ChangeLogAdmin;
import io.crmsync.admin.SyncAdmin;
import io.crmsync.log.LogQuery;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code /settings/log}: the change log, newest first, filtered and paged. */
@WebServlet("/settings/log")
public class LogServlet extends HttpServlet {
  @Inject ChangeLogAdmin changeLog;
  @Inject SyncAdmin syncs;

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
    Texts tx = SettingsGate.texts(req);
    LogFilterForm f = LogFilterForm.parse(req::getParameter);
    Map<String, String> errors = f.validate(tx);
    List<LogQuery.Entry> rows = List.of();
    Map<String, String> names = Map.of();
    Set<String> booleans = Set.of();
    if (errors.isEmpty()) {
      try {
        rows = changeLog.find(f.filter());
        names = changeLog.names(rows);
        booleans = changeLog.booleanColumns(rows);
      } catch (IllegalStateException e) {
        // the database's message, reported by the page as before
        throw new IOException("cannot read the change log: " + e.getMessage(), e);
      }
    }
    Page.send(res, errors.isEmpty() ? 200 : 400,
        Page.render(req, tx.t("log.title"), LogView.render(req, f, errors, syncs.list(), new LogView.Rows(rows, names, booleans))));
  }
}
