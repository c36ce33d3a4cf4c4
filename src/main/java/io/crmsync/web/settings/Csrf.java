package io.crmsync.web.settings;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A per-session token every form carries in a hidden field. Basic auth makes the browser send the
 * credentials with any request, including one a foreign page makes it send; the token is what such
 * a page cannot know.
 */
final class Csrf {
  static final String PARAMETER = "_csrf";
  private static final String ATTRIBUTE = Csrf.class.getName();
  private static final SecureRandom RANDOM = new SecureRandom();

  private Csrf() {}

  static String token(HttpServletRequest req) {
    HttpSession session = req.getSession(true);
    synchronized (session) {
      String t = (String) session.getAttribute(ATTRIBUTE);
      if (t == null) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        t = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        session.setAttribute(ATTRIBUTE, t);
      }
      return t;
    }
  }

  static boolean valid(HttpServletRequest req) {
    HttpSession session = req.getSession(false);
    String expected = session == null ? null : (String) session.getAttribute(ATTRIBUTE);
    String given = req.getParameter(PARAMETER);
    return expected != null
        && given != null
        && MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }

  /** The hidden input for a form. */
  static String field(HttpServletRequest req) {
    return "<input type=\"hidden\" name=\"" + PARAMETER + "\" value=\"" + Html.esc(token(req)) + "\">";
  }
}
