package io.crmsync.web.settings;

import io.crmsync.web.AdminAuthFilter;
import io.crmsync.web.AdminLogins;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.logging.Logger;

/**
 * In front of every page: administrators only (the {@code crmsync-admin} role, or HTTP Basic
 * exactly as the admin API), a valid CSRF token on every POST (403 otherwise, before any servlet
 * runs, so nothing changes), UTF-8, the page language, and headers that keep the pages private.
 */
@WebFilter(urlPatterns = {"/settings", "/settings/*"})
public class SettingsGate extends HttpFilter {
  private static final Logger LOG = Logger.getLogger(SettingsGate.class.getName());

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    req.setCharacterEncoding("UTF-8");
    res.setHeader("Cache-Control", "no-store");
    res.setHeader("X-Content-Type-Options", "nosniff");
    // All script and style come from files: an injected <script> would not run even if unescaped.
    res.setHeader(
        "Content-Security-Policy",
        "default-src 'self'; script-src 'self'; style-src 'self'; frame-ancestors 'self'; form-action 'self'");
    if (!req.isUserInRole(AdminAuthFilter.ROLE)) {
      AdminLogins.Verdict verdict = AdminLogins.check(req.getRemoteAddr(), req.getHeader("Authorization"));
      if (verdict.lockedOut()) {
        res.setHeader("Retry-After", Long.toString(verdict.retryAfterSeconds()));
        res.sendError(429, "too many failed administrator logins: try again in " + verdict.retryAfterSeconds() + " s");
        return;
      }
      if (!verdict.admin()) {
        res.setHeader("WWW-Authenticate", "Basic realm=\"crm-sync\", charset=\"UTF-8\"");
        res.sendError(HttpServletResponse.SC_UNAUTHORIZED, "administrator login required");
        return;
      }
    }
    Texts texts = Texts.of(Texts.choose(req.getParameter("lang"), cookie(req), req.getLocales()));
    req.setAttribute(Texts.ATTRIBUTE, texts);
    if (req.getParameter("lang") != null) {
      remember(req, res, texts.lang());
    }
    if ("POST".equals(req.getMethod()) && !Csrf.valid(req)) {
      LOG.warning(() -> "crm-sync: refused a form POST to " + req.getRequestURI() + " without a valid CSRF token");
      res.setStatus(HttpServletResponse.SC_FORBIDDEN);
      res.setContentType("text/html;charset=UTF-8");
      res.getWriter()
          .write(Page.render(req, texts.t("csrf.title"), "<p class=\"error\">" + Html.esc(texts.t("csrf.text")) + "</p>"));
      return;
    }
    chain.doFilter(req, res);
  }

  private static String cookie(HttpServletRequest req) {
    if (req.getCookies() != null) {
      for (Cookie c : req.getCookies()) {
        if (Texts.COOKIE.equals(c.getName())) {
          return c.getValue();
        }
      }
    }
    return null;
  }

  private static void remember(HttpServletRequest req, HttpServletResponse res, String lang) {
    Cookie c = new Cookie(Texts.COOKIE, lang);
    c.setPath(req.getContextPath().isEmpty() ? "/" : req.getContextPath());
    c.setMaxAge(365 * 24 * 3600);
    c.setHttpOnly(true);
    c.setAttribute("SameSite", "Lax");
    res.addCookie(c);
  }

  /** The language of this request, chosen by the gate. */
  static Texts texts(HttpServletRequest req) {
    Texts t = (Texts) req.getAttribute(Texts.ATTRIBUTE);
    return t != null ? t : Texts.of("en");
  }
}
