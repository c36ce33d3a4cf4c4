package io.crmsync.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

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
  @Context HttpServletRequest http;

  @Override
  public void filter(ContainerRequestContext request) {
    Class<?> target = resource == null ? null : resource.getResourceClass();
    if (target != null && target.isAnnotationPresent(PublicResource.class)) {
      return;
    }
    if (request.getSecurityContext() != null && request.getSecurityContext().isUserInRole(ROLE)) {
      return;
    }
    String address = http == null ? "unknown" : http.getRemoteAddr();
    AdminLogins.Verdict verdict = AdminLogins.check(address, request.getHeaderString(HttpHeaders.AUTHORIZATION));
    if (verdict.lockedOut()) {
      request.abortWith(
          Response.fromResponse(ErrorMapper.json(429, "too many failed administrator logins from " + address
                  + ": try again in " + verdict.retryAfterSeconds() + " s"))
              .header("Retry-After", Long.toString(verdict.retryAfterSeconds()))
              .build());
    } else if (!verdict.admin()) {
      request.abortWith(
          Response.fromResponse(ErrorMapper.json(401, "administrator login required"))
              .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"crm-sync\", charset=\"UTF-8\"")
              .build());
    }
  }
}
