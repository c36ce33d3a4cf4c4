package io.crmsync.web.settings;

import io.crmsync.admin.ApiException;
import io.crmsync.admin.SyncAdmin;
import io.crmsync.admin.SyncView;
import io.crmsync.core.ConflictPolicy;
import io.crmsync.settings.Settings;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** {@code /settings}: the list of syncs and the sync form (create, edit, delete). */
@WebServlet("/settings")
public class SettingsServlet extends HttpServlet {
  @Inject SyncAdmin syncs;

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
    SyncForm form = SyncForm.blank();
    Long edit = Params.id(req.getParameter("edit"));
    if (edit != null) {
      try {
        form = SyncForm.of(syncs.get(edit).sync());
      } catch (ApiException e) {
        Params.notFound(req, res);
        return;
      }
    }
    show(req, res, 200, form, Map.of());
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
    Texts tx = SettingsGate.texts(req);
    SyncForm form = SyncForm.parse(req::getParameter);
    if ("delete".equals(req.getParameter("action"))) {
      if (form.id() != null) {
        try {
          syncs.delete(form.id());
        } catch (ApiException e) {
          // Already gone (deleted in another tab): the list shows the outcome either way.
        }
      }
      res.sendRedirect(req.getContextPath() + "/settings?deleted=1");
      return;
    }
    Map<String, String> errors = new LinkedHashMap<>(form.validate(tx));
    // What only SyncAdmin can check (folders on disk, folders of other syncs, names taken), at the
    // same time as the page's own checks, so every error shows at once.
    for (ApiException e : syncs.folderProblems(form.id(), form.transportValue(), form.folders())) {
      errors.putIfAbsent(e.field() != null ? input(e.field()) : "", message(tx, e));
    }
    if (!form.name().isEmpty() && syncs.list().stream().anyMatch(v -> v.sync().name().equalsIgnoreCase(form.name())
        && (form.id() == null || v.sync().id() != form.id()))) {
      errors.putIfAbsent("name", tx.t("err.nameTaken"));
    }
    if (errors.isEmpty()) {
      try {
        long id = form.id() == null ? syncs.create(form.toRequest()).id() : syncs.update(form.id(), form.toRequest()).id();
        res.sendRedirect(req.getContextPath() + "/settings?saved=" + id);
        return;
      } catch (ApiException e) {
        errors.put(e.field() != null ? input(e.field()) : "", message(tx, e));
      }
    }
    show(req, res, 400, form, errors);
  }

  private void show(HttpServletRequest req, HttpServletResponse res, int status, SyncForm form, Map<String, String> errors)
      throws IOException {
    Texts tx = SettingsGate.texts(req);
    StringBuilder body = new StringBuilder();
    if (req.getParameter("saved") != null) {
      body.append("<p class=\"notice\" role=\"status\" id=\"saved\">").append(Html.esc(tx.t("list.saved"))).append("</p>\n");
    }
    if (!errors.isEmpty()) {
      body.append("<p class=\"error\" role=\"alert\" id=\"not-saved\">").append(Html.esc(tx.t("form.notSaved"))).append("</p>\n");
    }
    List<SyncView> all = syncs.list();
    ConflictPolicy learned = all.stream().filter(v -> form.id() != null && form.id().equals(v.sync().id()))
        .map(SyncView::learnedPolicy).filter(Objects::nonNull).findFirst().orElse(null);
    body.append(SyncListView.render(req, all, baseUrl(req)));
    body.append(SyncFormView.render(req, form, errors, learned));
    Page.send(res, status, Page.render(req, tx.t("menu.sync"), body.toString()));
  }

  /** The form input for a field named by the admin API (local.uploadDir → localUploadFolder). */
  static String input(String apiField) {
    return switch (apiField) {
      case "local.uploadDir" -> "localUploadFolder";
      case "local.downloadDir" -> "localDownloadFolder";
      case "ftp.uploadDir" -> "ftpUploadFolder";
      case "ftp.downloadDir" -> "ftpDownloadFolder";
      case "ftp.host" -> "ftpHost";
      case "ftp.port" -> "ftpPort";
      case "ftp.user" -> "ftpLogin";
      case "ftp.password" -> "ftpPassword";
      default -> apiField;
    };
  }

  /** SyncAdmin's refusal in the page's language where the page knows the case, else as it is. */
  static String message(Texts tx, ApiException e) {
    if ("name".equals(e.field()) && e.status() == 409) {
      return tx.t("err.nameTaken");
    }
    return tx.api(e);
  }

  /** This program's base URL as peers reach it, as the admin API computes it. */
  static String baseUrl(HttpServletRequest req) {
    return Settings.get(Settings.PUBLIC_URL)
        .orElseGet(() -> {
          String host = req.getScheme() + "://" + req.getServerName();
          boolean defaultPort = req.getServerPort() == ("https".equals(req.getScheme()) ? 443 : 80);
          return host + (defaultPort ? "" : ":" + req.getServerPort()) + req.getContextPath() + "/";
        });
  }
}
