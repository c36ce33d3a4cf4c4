package io.crmsync.web;

import io.crmsync.settings.Settings;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * Lets only administrators use the API's resources: a user in the server's {@code crmsync-admin}
 * role (production), or HTTP Basic with {@code crmsync.admin.user} / {@code
 * crmsync.admin.password} (the embedded default). Without a configured password only the role
 * works.
 *
 * <p>Fails closed: it runs after matching and lets through only resources marked {@link
 * PublicResource}, never by the request's path (RESTEasy gives the path with a leading {@code /},
 * Jersey without: a path prefix test let every admin call through on WildFly).
 */
@Provider
public class AdminAuthFilter implements ContainerRequestFilter {
  public static final String ROLE = "crmsync-admin";

  @Context ResourceInfo resource;

  @Override
  public void filter(ContainerRequestContext request) {
    Class<?> target = resource == null ? null : resource.getResourceClass();
    if (target != null && target.isAnnotationPresent(PublicResource.class)) {
      return;
    }
    if (request.getSecurityContext() != null && request.getSecurityContext().isUserInRole(ROLE)) {
      return;
    }
    if (!isAdmin(request.getHeaderString(HttpHeaders.AUTHORIZATION))) {
      request.abortWith(
          Response.fromResponse(ErrorMapper.json(401, "administrator login required"))
              .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"crm-sync\", charset=\"UTF-8\"")
              .build());
    }
  }

  /** Whether an Authorization header carries the administrator's Basic credentials. */
  public static boolean isAdmin(String authorization) {
    String user = Settings.get(Settings.ADMIN_USER, "admin");
    String password = Settings.get(Settings.ADMIN_PASSWORD).orElse(null);
    if (password == null || authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return false;
    }
    String given;
    try {
      given = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return false;
    }
    byte[] expected = (user + ":" + password).getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8));
  }
}
