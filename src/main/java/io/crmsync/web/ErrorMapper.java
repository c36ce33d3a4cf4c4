package io.crmsync.web;

import io.crmsync.admin.ApiException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Every error of the API as JSON {@code {"error": "..."}} with the right status. */
@Provider
public class ErrorMapper implements ExceptionMapper<Exception> {
  private static final Logger LOG = Logger.getLogger(ErrorMapper.class.getName());

  @Override
  public Response toResponse(Exception e) {
    if (e instanceof ApiException api) {
      return json(api.status(), api.getMessage());
    }
    if (e instanceof WebApplicationException web) {
      int status = web.getResponse().getStatus();
      String message =
          switch (status) {
            case 404 -> "not found";
            case 405 -> "method not allowed";
            case 415 -> "unsupported media type: send application/json";
            default -> web.getMessage();
          };
      return json(status, message);
    }
    LOG.log(Level.WARNING, "crm-sync: request failed", e);
    return json(500, "internal error: " + e.getMessage());
  }

  static Response json(int status, String message) {
    return Response.status(status).type(MediaType.APPLICATION_JSON).entity(JsonOut.error(message).toString()).build();
  }
}
