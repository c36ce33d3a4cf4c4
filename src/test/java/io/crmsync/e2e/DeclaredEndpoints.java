package io.crmsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.e2e.RawHttp.Reply;
import io.crmsync.web.PublicResource;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;

/**
 * Every request path the WAR declares, read from its compiled classes: each JAX-RS resource method
 * ({@code @Path} with {@code @GET}, {@code @POST}, …, under the application's {@code
 * @ApplicationPath}) and each servlet ({@code @WebServlet}, with the {@code doGet}/{@code doPost}/…
 * it overrides). A test that checks them all cannot forget a resource added later: a new admin
 * path is checked the day it is written, and a new path that needs no login must be named in
 * {@link #PUBLIC} on purpose.
 */
final class DeclaredEndpoints {
    /** The requests anyone may make (below the context root): they reveal nothing. */
    static final Set<String> PUBLIC = Set.of("GET /api/health", "GET /api/menu", "GET /",
            // connecting by address: this program's id, time and clock limit (the id is in health too)
            "GET /api/connect");

    private static final String PACKAGE = "io.crmsync.web";

    record Endpoint(String method, String path, String contentType) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private DeclaredEndpoints() {}

    /** Every endpoint of the WAR's web package, path parameters filled with harmless values. */
    static List<Endpoint> all() {
        List<Endpoint> all = new ArrayList<>();
        String api = "";
        List<Class<?>> classes = classes();
        for (Class<?> c : classes) {
            ApplicationPath ap = c.getAnnotation(ApplicationPath.class);
            if (ap != null) {
                api = "/" + strip(ap.value());
            }
        }
        for (Class<?> c : classes) {
            Path root = c.getAnnotation(Path.class);
            if (root != null) {
                for (Method m : c.getMethods()) {
                    String http = httpMethod(m);
                    if (http == null) {
                        continue;
                    }
                    Path sub = m.getAnnotation(Path.class);
                    String path = api + "/" + strip(root.value()) + (sub == null ? "" : "/" + strip(sub.value()));
                    Consumes consumes = m.isAnnotationPresent(Consumes.class) ? m.getAnnotation(Consumes.class)
                            : c.getAnnotation(Consumes.class);
                    String type = consumes == null ? "application/json" : consumes.value()[0];
                    all.add(new Endpoint(http, fill(path), type));
                }
            }
            WebServlet servlet = c.getAnnotation(WebServlet.class);
            if (servlet != null) {
                List<String> patterns = new ArrayList<>(List.of(servlet.value()));
                patterns.addAll(List.of(servlet.urlPatterns()));
                for (String pattern : patterns) {
                    String path = pattern.isEmpty() ? "/" : pattern.replace("/*", "/x");
                    for (String http : servletMethods(c)) {
                        all.add(new Endpoint(http, path, "application/x-www-form-urlencoded"));
                    }
                }
            }
        }
        all.sort(Comparator.comparing(Endpoint::path).thenComparing(Endpoint::method));
        return all;
    }

    /**
     * Calls every endpoint of the program on {@code port} without credentials and with a wrong
     * administrator password, each request from a fresh address of {@code addresses} (so no
     * lockout answers in place of the check): every request but {@link #PUBLIC} answers 401, admin
     * paths and pages as the paths that prove their callers themselves (marked {@code
     * PublicResource}: the peer endpoints). Returns the endpoints checked.
     */
    static List<Endpoint> assertEveryPathRefusesStrangers(int port, Supplier<String> addresses) {
        String base = "http://127.0.0.1:" + port + "/crmsync";
        String wrong = "Basic " + Base64.getEncoder().encodeToString("admin:wrong-password".getBytes(StandardCharsets.UTF_8));
        SoftAssertions soft = new SoftAssertions();
        List<Endpoint> endpoints = all();
        for (Endpoint e : endpoints) {
            for (String auth : new String[] {null, wrong}) {
                Map<String, String> headers = auth == null
                        ? Map.of("Content-Type", e.contentType())
                        : Map.of("Content-Type", e.contentType(), "Authorization", auth);
                byte[] body = e.method().equals("GET") || e.method().equals("DELETE") ? new byte[0]
                        : (e.contentType().contains("json") ? "{}" : "").getBytes(StandardCharsets.UTF_8);
                Reply r = RawHttp.send(addresses.get(), port, e.method(), base + e.path(), headers, body);
                if (PUBLIC.contains(e.toString())) {
                    continue;
                }
                soft.assertThat(r.status()).as(e + (auth == null ? " without credentials" : " with a wrong password")
                        + ": " + r.body()).isEqualTo(401);
            }
        }
        soft.assertAll();
        return endpoints;
    }

    private static String httpMethod(Method m) {
        for (Annotation a : m.getAnnotations()) {
            HttpMethod http = a.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value();
            }
        }
        return null;
    }

    private static List<String> servletMethods(Class<?> c) {
        List<String> methods = new ArrayList<>();
        for (String name : List.of("doGet", "doPost", "doPut", "doDelete")) {
            for (Class<?> k = c; k != null && k != HttpServlet.class; k = k.getSuperclass()) {
                if (Stream.of(k.getDeclaredMethods()).anyMatch(m -> m.getName().equals(name))) {
                    methods.add(name.substring(2).toUpperCase(java.util.Locale.ROOT));
                    break;
                }
            }
        }
        return methods;
    }

    /** The path with each {@code {name}} or {@code {name: regex}} replaced by a value of its kind. */
    private static String fill(String path) {
        return path.replaceAll("\\{sha[^}]*}", "0".repeat(64)).replaceAll("\\{key[^}]*}", "0000000000000000")
                .replaceAll("\\{[^}]*}", "1").replaceAll("/+", "/");
    }

    private static String strip(String p) {
        return p.replaceAll("^/+|/+$", "");
    }

    /** The compiled classes of the web package and its subpackages (where PublicResource was loaded from). */
    private static List<Class<?>> classes() {
        try {
            java.nio.file.Path top = java.nio.file.Path.of(PublicResource.class.getProtectionDomain().getCodeSource()
                    .getLocation().toURI()).resolve(PACKAGE.replace('.', '/'));
            assertThat(top).as(PACKAGE + " compiled").isDirectory();
            List<Class<?>> classes = new ArrayList<>();
            try (Stream<java.nio.file.Path> files = Files.walk(top)) {
                for (java.nio.file.Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                    String relative = top.relativize(f).toString().replace('/', '.');
                    String name = PACKAGE + "." + relative.substring(0, relative.length() - ".class".length());
                    classes.add(Class.forName(name, false, DeclaredEndpoints.class.getClassLoader()));
                }
            }
            return classes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException | ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
