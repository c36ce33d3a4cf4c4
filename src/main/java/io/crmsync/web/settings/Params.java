package io.crmsync.web.settings;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Small helpers for request parameters shared by the pages. */
final class Params {
  private Params() {}

  /** A positive id, or null when absent or not a number. */
  static Long id(String value) {
    return value != null && value.trim().matches("\\d{1,18}") ? Long.valueOf(value.trim()) : null;
  }

  /** "" for null, else trimmed. */
  static String text(String value) {
    return value == null ? "" : value.trim();
  }

  static void notFound(HttpServletRequest req, HttpServletResponse res) throws IOException {
    Texts tx = SettingsGate.texts(req);
    Page.send(res, 404, Page.render(req, tx.t("notFound.title"),
        "<p>" + Html.esc(tx.t("notFound.text")) + " <a href=\"" + Html.esc(req.getContextPath()) + "/settings\">"
            + Html.esc(tx.t("menu.sync")) + "</a></p>"));
  }
}
