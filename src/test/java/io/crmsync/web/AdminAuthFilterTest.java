package io.crmsync.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The admin filter lets through only resources marked public, whatever form the server gives the
 * request's path in (RESTEasy: {@code /admin/syncs}, Jersey: {@code admin/syncs}).
 */
class AdminAuthFilterTest {
  private static final String[] PATH_FORMS = {"admin/syncs", "/admin/syncs", "//admin/syncs", "Admin/syncs"};

  @BeforeEach
  void password() {
    System.setProperty("crmsync.admin.password", "s3cret");
  }

  @AfterEach
  void noPassword() {
    System.clearProperty("crmsync.admin.password");
  }

  @Test
  void everyAdminResourceRefusesAnAnonymousCallInEveryPathForm() throws Exception {
    List<Class<?>> admin = resources().stream().filter(c -> !c.isAnnotationPresent(PublicResource.class)).toList();
    assertThat(admin).extracting(Class::getSimpleName).contains("SyncResource", "LogResource", "SchemaResource");
    for (Class<?> resource : admin) {
      for (String path : PATH_FORMS) {
        assertThat(filter(resource, path, null)).as(resource.getSimpleName() + " at " + path).isEqualTo(401);
        assertThat(filter(resource, path, basic("admin", "wrong"))).isEqualTo(401);
        assertThat(filter(resource, path, basic("admin", "s3cret"))).isNull();
      }
    }
  }

  @Test
  void onlyHealthMenuThePeerEndpointsAndConnectingByAddressArePublic() throws Exception {
    assertThat(resources().stream().filter(c -> c.isAnnotationPresent(PublicResource.class)))
        .extracting(Class::getSimpleName)
        .containsExactlyInAnyOrder(
            "HealthResource", "MenuResource", "PeerResource", "PeerBlobResource", "ConnectResource");
    assertThat(filter(HealthResource.class, "/health", null)).isNull();
  }

  @Test
  void aRequestWithoutAMatchedResourceIsRefused() {
    assertThat(filter(null, "/admin/syncs", null)).isEqualTo(401);
  }

  @Test
  void withoutAConfiguredPasswordBasicLoginNeverWorks() {
    System.clearProperty("crmsync.admin.password");
    assertThat(filter(SyncResource.class, "admin/syncs", basic("admin", ""))).isEqualTo(401);
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void tenWrongPasswordsFromOneAddressLockItOutAndNoOtherAddress() {
    String address = "192.0.2." + ADDRESSES.incrementAndGet() % 250;
    for (int i = 1; i <= 10; i++) {
      assertThat(filter(SyncResource.class, "admin/syncs", basic("admin", "guess-" + i), address)).isEqualTo(401);
    }
    assertThat(filter(SyncResource.class, "admin/syncs", basic("admin", "s3cret"), address)).isEqualTo(429);
    assertThat(filter(SyncResource.class, "admin/syncs", basic("admin", "s3cret"), "198.51.100.7")).isNull();
  }

  @Test
  void requestsWithoutCredentialsAreNotCounted() {
    String address = "203.0.113." + ADDRESSES.incrementAndGet() % 250;
    for (int i = 0; i < 20; i++) {
      assertThat(filter(SyncResource.class, "admin/syncs", null, address)).isEqualTo(401);
    }
    assertThat(filter(SyncResource.class, "admin/syncs", basic("admin", "s3cret"), address)).isNull();
  }

  private static final java.util.concurrent.atomic.AtomicInteger ADDRESSES = new java.util.concurrent.atomic.AtomicInteger();

  /** Runs the filter from an address of its own (so that failures of one check lock nothing else out). */
  private static Integer filter(Class<?> resource, String path, String authorization) {
    return filter(resource, path, authorization, "198.18." + ADDRESSES.incrementAndGet() / 250 + "." + ADDRESSES.get() % 250);
  }

  /** Runs the filter on a request for {@code resource}; returns the status it aborted with, or null. */
  private static Integer filter(Class<?> resource, String path, String authorization, String address) {
    Response[] aborted = new Response[1];
    UriInfo uri = proxy(UriInfo.class, (m, args) -> m.getName().equals("getPath") ? path : null);
    ContainerRequestContext request =
        proxy(
            ContainerRequestContext.class,
            (m, args) ->
                switch (m.getName()) {
                  case "getUriInfo" -> uri;
                  case "getHeaderString" -> HttpHeaders.AUTHORIZATION.equals(args[0]) ? authorization : null;
                  case "abortWith" -> aborted[0] = (Response) args[0];
                  default -> null;
                });
    AdminAuthFilter filter = new AdminAuthFilter();
    filter.resource =
        proxy(ResourceInfo.class, (m, args) -> m.getName().equals("getResourceClass") ? resource : null);
    filter.http =
        proxy(HttpServletRequest.class, (m, args) -> m.getName().equals("getRemoteAddr") ? address : null);
    filter.filter(request);
    return aborted[0] == null ? null : aborted[0].getStatus();
  }

  private interface Answer {
    Object answer(Method m, Object[] args);
  }

  @SuppressWarnings("unchecked")
  private static <T> T proxy(Class<T> type, Answer answer) {
    return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, args) -> answer.answer(m, args));
  }

  /** Every JAX-RS resource class of the WAR (classes with {@code @Path} under io.crmsync.web). */
  private static List<Class<?>> resources() throws Exception {
    Path root = Paths.get(AdminAuthFilter.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<Class<?>> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root.resolve("io/crmsync/web"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".class") && !p.toString().contains("$")).toList()) {
        String name = root.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
        Class<?> c = Class.forName(name);
        if (c.isAnnotationPresent(jakarta.ws.rs.Path.class)) {
          found.add(c);
        }
      }
    }
    return found;
  }
}
