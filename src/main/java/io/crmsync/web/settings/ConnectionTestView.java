package io.crmsync.web.settings;

import io.crmsync.admin.Connector;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The sync form's "Test connection" button and its answer: one line each for whether the
 * address answers, the password matches and the clocks agree, in the page's language, then the
 * details. The script posts the form's address and password to {@code /settings/connection-test}.
 */
final class ConnectionTestView {
  private ConnectionTestView() {}

  static String button(HttpServletRequest req, Texts tx, boolean shown) {
    return "<div class=\"row connection-test\" id=\"connection-test-block\"" + Html.flag(!shown, "hidden") + "><button type=\"button\" id=\"test-connection\""
        + " data-url=\"" + Html.esc(req.getContextPath()) + "/settings/connection-test\" data-checking=\""
        + Html.esc(tx.t("conn.checking")) + "\">" + Html.esc(tx.t("conn.button")) + "</button>"
        + "<ul id=\"connection-result\" role=\"status\" aria-live=\"polite\"></ul></div>\n";
  }

  /** {@code {"lines":[{"ok","text"}],"detail"}}: what the script shows. */
  static String json(Texts tx, Connector.Report r) {
    JsonArrayBuilder lines = Json.createArrayBuilder();
    lines.add(line(r.reachable(), tx.t(r.reachable() ? "conn.reachable" : "conn.unreachable")));
    if (r.reachable()) {
      lines.add(line(Boolean.TRUE.equals(r.passwordMatches()), tx.t(r.passwordMatches() == null ? "conn.passwordUnknown"
          : r.passwordMatches() ? "conn.passwordOk" : "conn.passwordBad")));
      lines.add(line(Boolean.TRUE.equals(r.clockOk()),
          tx.t(Boolean.TRUE.equals(r.clockOk()) ? "conn.clockOk" : "conn.clockBad", Long.toString(r.clockSkewSeconds()))));
    }
    return Json.createObjectBuilder().add("lines", lines).add("detail", r.message()).build().toString();
  }

  private static jakarta.json.JsonObject line(boolean ok, String text) {
    return Json.createObjectBuilder().add("ok", ok).add("text", text).build();
  }
}
