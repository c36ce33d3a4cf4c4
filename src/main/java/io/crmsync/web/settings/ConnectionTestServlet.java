package io.crmsync.web.settings;

import io.crmsync.admin.ApiException;
import io.crmsync.admin.Connector;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code POST /settings/connection-test} (CSRF-checked by {@link SettingsGate}): the sync form's
 * connection test with the address and password typed so far; saves nothing. JSON for the script.
 */
@WebServlet("/settings/connection-test")
public class ConnectionTestServlet extends HttpServlet {
  @Inject Connector connector;

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
    Texts tx = SettingsGate.texts(req);
    String body;
    int status = 200;
    try {
      body = ConnectionTestView.json(tx, connector.test(req.getParameter("remoteUrl"), req.getParameter("password")));
    } catch (ApiException e) {
      status = 400;
      body = jakarta.json.Json.createObjectBuilder()
          .add("lines", jakarta.json.Json.createArrayBuilder()
              .add(jakarta.json.Json.createObjectBuilder().add("ok", false).add("text", tx.t("err.peerUrl"))))
          .add("detail", e.getMessage()).build().toString();
    }
    res.setStatus(status);
    res.setContentType("application/json;charset=UTF-8");
    res.getWriter().write(body);
  }
}
