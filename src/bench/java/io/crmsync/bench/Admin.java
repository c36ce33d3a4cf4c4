package io.crmsync.bench;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** The part of a program's admin API the benchmark needs: syncs and whole tables. */
final class Admin {

    static final String USER = "bench-admin";
    static final String PASSWORD = "bench-admin-Secret-1";
    static final String SYNC_PASSWORD = "bench-sync-Secret-1";
    static final JsonProvider JSON = provider();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** One HTTP sync: the active side on A, the passive side on B. */
    record Pair(Admin a, Admin b, String activeId, String passiveId) {

        /** Deletes both syncs, A's first (so it stops calling B). */
        void delete() {
            a.send("DELETE", "/syncs/" + activeId, null, 204, 200);
            b.send("DELETE", "/syncs/" + passiveId, null, 204, 200);
        }
    }

    private final String baseUrl;

    Admin(Program program) {
        this.baseUrl = program.baseUrl() + "/crmsync/api/admin";
    }

    /**
     * Sets up a sync as an administrator would: passive sync on B, active sync on A at B's peer URL, then
     * the whole table, two-way, on B first (matched by name) and on A (A's initial load starts here).
     */
    static Pair syncTable(Admin a, Admin b, String name, String table) {
        JsonObject passive = b.send("POST", "/syncs", sync(name, "PASSIVE", null), 201).asJsonObject();
        String peerUrl = passive.getString("peerUrl");
        JsonObject active = a.send("POST", "/syncs", sync(name, "ACTIVE", peerUrl), 201).asJsonObject();
        Pair pair = new Pair(a, b, id(active), id(passive));
        b.addTable(pair.passiveId, table, table);
        a.addTable(pair.activeId, table, null);
        return pair;
    }

    /**
     * A LOCAL or FTP sync of A's {@code table} to B's {@code tableB}, set up in the same order as
     * {@link #syncTable}; {@code folders} gives each side's member ("local" or "ftp") for its mode.
     */
    static Pair syncFolders(Admin a, Admin b, String name, String transport, String table, String tableB,
            java.util.function.Function<String, JsonObject> folders) {
        String member = "LOCAL".equals(transport) ? "local" : "ftp";
        JsonObject passive = b.send("POST", "/syncs", JSON.createObjectBuilder(sync(name, "PASSIVE", null))
                .add("transport", transport).add(member, folders.apply("PASSIVE")).build(), 201).asJsonObject();
        JsonObject active = a.send("POST", "/syncs", JSON.createObjectBuilder(sync(name, "ACTIVE", null))
                .add("transport", transport).add(member, folders.apply("ACTIVE")).build(), 201).asJsonObject();
        Pair pair = new Pair(a, b, id(active), id(passive));
        b.addTable(pair.passiveId, tableB, table);
        a.addTable(pair.activeId, table, null);
        return pair;
    }

    void addTable(String syncId, String table, String remoteTable) {
        JsonObjectBuilder body = JSON.createObjectBuilder().add("table", table).add("direction", "BOTH");
        if (remoteTable != null) {
            body.add("remoteTable", remoteTable);
        }
        send("POST", "/syncs/" + syncId + "/tables", body.build(), 201);
    }

    /** The status object of a sync: connected, lastSuccessAt, lastAttemptAt, lastError. */
    JsonObject status(String syncId) {
        return send("GET", "/syncs/" + syncId, null, 200).asJsonObject().getJsonObject("status");
    }

    /** Whether the admin API answers a read (it needs a working database connection) with 200. */
    boolean answers() {
        try {
            send("GET", "/syncs", null, 200);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    static JsonValue parse(String text) {
        try (var reader = JSON.createReader(new StringReader(text))) {
            return reader.readValue();
        }
    }

    private static JsonObject sync(String name, String mode, String remoteUrl) {
        JsonObjectBuilder b = JSON.createObjectBuilder().add("name", name).add("mode", mode).add("transport", "HTTP")
                .add("periodSeconds", 1).add("password", SYNC_PASSWORD);
        if (remoteUrl != null) {
            b.add("remoteUrl", remoteUrl);
        }
        return b.build();
    }

    private static String id(JsonObject sync) {
        JsonValue id = sync.get("id");
        return id instanceof JsonString s ? s.getString() : id.toString();
    }

    private JsonValue send(String method, String path, JsonObject body, int... expected) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(120))
                .header("Accept", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
        if (body != null) {
            b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            for (int e : expected) {
                if (r.statusCode() == e) {
                    return r.body() == null || r.body().isBlank() ? JsonValue.NULL : parse(r.body());
                }
            }
            throw new IllegalStateException(method + " " + path + " -> " + r.statusCode() + " " + r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static JsonProvider provider() {
        try {
            return JsonProvider.provider();
        } catch (JsonException e) {
            try {
                return (JsonProvider) Class.forName("org.glassfish.json.JsonProviderImpl").getDeclaredConstructor()
                        .newInstance();
            } catch (ReflectiveOperationException | LinkageError e2) {
                e.addSuppressed(e2);
                throw e;
            }
        }
    }
}
