package io.crmsync.web.settings;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code /crmsync/}: the address an administrator types first leads to the settings page (which
 * asks for the login), instead of the server's 404.
 */
@WebServlet("")
public class LandingServlet extends HttpServlet {
  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    resp.sendRedirect(req.getContextPath() + "/settings");
  }
}
