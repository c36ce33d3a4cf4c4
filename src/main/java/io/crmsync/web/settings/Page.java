package io.crmsync.web.settings;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** The frame of every page: lang attribute, stylesheet and script, the CRM path, language switch. */
public final class Page {
  private Page() {}

  public static String render(HttpServletRequest req, String title, String body) {
    Texts tx = SettingsGate.texts(req);
    String ctx = Html.esc(req.getContextPath());
    StringBuilder b = new StringBuilder(4096 + body.length());
    b.append("<!DOCTYPE html>\n<html lang=\"").append(tx.lang()).append("\">\n<head>\n")
        .append("<meta charset=\"UTF-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>").append(Html.esc(title)).append(" — crm-sync</title>\n")
        .append("<link rel=\"stylesheet\" href=\"").append(ctx).append("/static/crmsync.css\">\n")
        .append("<script src=\"").append(ctx).append("/static/crmsync.js\" defer></script>\n")
        .append("</head>\n<body>\n<header class=\"top\">\n")
        .append("<nav aria-label=\"").append(Html.esc(tx.t("nav.path"))).append("\" class=\"crumbs\">")
        .append(Html.esc(tx.t("menu.settings"))).append(" → ")
        .append(Html.esc(tx.t("menu.additional"))).append(" → ")
        .append("<a href=\"").append(ctx).append("/settings\">").append(Html.esc(tx.t("menu.sync"))).append("</a>")
        .append(" · <a href=\"").append(ctx).append("/settings/log\">").append(Html.esc(tx.t("nav.log"))).append("</a>")
        .append("</nav>\n").append(languageSwitch(req, tx)).append("</header>\n<main>\n<h1>")
        .append(Html.esc(title)).append("</h1>\n").append(body).append("\n</main>\n</body>\n</html>\n");
    return b.toString();
  }

  /** Links to this same page in the other languages; the gate remembers the choice in a cookie. */
  private static String languageSwitch(HttpServletRequest req, Texts tx) {
    StringBuilder b = new StringBuilder("<p class=\"langs\">");
    for (String lang : Texts.LANGUAGES) {
      String label = Html.esc(Texts.of(lang).t("lang.name"));
      if (lang.equals(tx.lang())) {
        b.append("<strong aria-current=\"true\" lang=\"").append(lang).append("\">").append(label).append("</strong> ");
      } else {
        b.append("<a class=\"lang-switch\" hreflang=\"").append(lang).append("\" lang=\"").append(lang)
            .append("\" href=\"").append(Html.esc(withLang(req, lang))).append("\">").append(label).append("</a> ");
      }
    }
    return b.append("</p>\n").toString();
  }

  static String withLang(HttpServletRequest req, String lang) {
    StringBuilder q = new StringBuilder();
    String query = "POST".equals(req.getMethod()) ? null : req.getQueryString();
    if (query != null) {
      for (String part : query.split("&")) {
        if (!part.isEmpty() && !part.startsWith("lang=")) {
          q.append(part).append('&');
        }
      }
    }
    return req.getRequestURI() + "?" + q + "lang=" + lang;
  }

  static void send(HttpServletResponse res, int status, String html) throws IOException {
    res.setStatus(status);
    res.setContentType("text/html;charset=UTF-8");
    res.getWriter().write(html);
  }
}
