package io.crmsync.web.settings;

import io.crmsync.web.PublicResource;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /api/menu} (no login): the settings page's menu entry, so a CRM can put
 * "Настройки → Дополнительно → Синхронизация" into its own menu. It reveals nothing but a title
 * and a URL; the page itself is for administrators.
 */
@PublicResource
@Path("menu")
public class MenuResource {
  @Context HttpServletRequest request;

  @GET
  @Produces(MediaType.APPLICATION_JSON + ";charset=UTF-8")
  public String menu() {
    JsonObjectBuilder title = Json.createObjectBuilder();
    JsonObjectBuilder path = Json.createObjectBuilder();
    for (String lang : Texts.LANGUAGES) {
      Texts tx = Texts.of(lang);
      title.add(lang, tx.t("menu.sync"));
      JsonArrayBuilder p = Json.createArrayBuilder().add(tx.t("menu.settings")).add(tx.t("menu.additional")).add(tx.t("menu.sync"));
      path.add(lang, p);
    }
    return Json.createObjectBuilder()
        .add("title", title)
        .add("path", path)
        .add("url", request.getContextPath() + "/settings")
        .build()
        .toString();
  }
}
