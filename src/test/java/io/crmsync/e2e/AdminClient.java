package io.crmsync.e2e;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * The admin JSON API of one program ({@code /crmsync/api/admin}, HTTP Basic). Typed methods assert the
 * expected status and return the parsed body; {@link #send} returns any response for negative tests.
 */
final class AdminClient {

    static final String ADMIN_PATH = "/crmsync/api/admin";
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    /** A response: status code and body text. */
    record Response(String method, String url, int status, String body) {

        JsonValue json() {
            if (body == null || body.isBlank()) {
                return JsonValue.NULL;
            }
            try {
                return JsonSupport.parse(body);
            } catch (RuntimeException e) {
                throw new AssertionError("not JSON from " + this, e);
            }
        }

        /** The "error" text of a JSON error body. */
        String error() {
            JsonValue v = json();
            if (!(v instanceof JsonObject o) || !(o.get("error") instanceof JsonString s)) {
                throw new AssertionError("expected an {\"error\": ...} body from " + this);
            }
            return s.getString();
        }

        @Override
        public String toString() {
            return method + " " + url + " -> " + status + " " + body;
        }
    }

    private final String baseUrl;
    private final String user;
    private final String password;

    AdminClient(String baseUrl, String user, String password) {
        this.baseUrl = baseUrl;
        this.user = user;
        this.password = password;
    }

    String baseUrl() {
        return baseUrl;
    }

    // ---- schema ---------------------------------------------------------------------------------------

    JsonArray schema() {
        return expect(send("GET", "/schema", null), 200).json().asJsonArray();
    }

    // ---- syncs ----------------------------------------------------------------------------------------

    static JsonObject syncBody(String name, String mode, int periodSeconds, String password, String remoteUrl) {
        var b = JsonSupport.object().add("name", name).add("mode", mode).add("transport", "HTTP")
                .add("periodSeconds", periodSeconds);
        if (password != null) {
            b.add("password", password);
        }
        if (remoteUrl != null) {
            b.add("remoteUrl", remoteUrl);
        }
        return b.build();
    }

    JsonObject createSync(JsonObject body) {
        return expect(send("POST", "/syncs", body), 201).json().asJsonObject();
    }

    JsonArray syncs() {
        return expect(send("GET", "/syncs", null), 200).json().asJsonArray();
    }

    JsonObject sync(String id) {
        return expect(send("GET", "/syncs/" + enc(id), null), 200).json().asJsonObject();
    }

    JsonObject updateSync(String id, JsonObject body) {
        return expect(send("PUT", "/syncs/" + enc(id), body), 200).json().asJsonObject();
    }

    void deleteSync(String id) {
        expect(send("DELETE", "/syncs/" + enc(id), null), 200, 204);
    }

    /** The {"connected","lastSuccessAt","lastError"} object of a sync. */
    JsonObject status(String id) {
        return sync(id).getJsonObject("status");
    }

    /** A sync's id as a path segment (the contract does not fix whether ids are numbers or strings). */
    static String idOf(JsonObject sync) {
        JsonValue id = sync.get("id");
        if (id == null || id == JsonValue.NULL) {
            throw new AssertionError("no \"id\" in " + sync);
        }
        return id instanceof JsonString s ? s.getString() : id.toString();
    }

    // ---- fields ---------------------------------------------------------------------------------------

    JsonObject addField(String syncId, String table, String column, Direction direction, Integer remoteNumber) {
        var b = JsonSupport.object().add("table", table).add("column", column).add("direction", direction.name());
        if (remoteNumber != null) {
            b.add("remoteNumber", remoteNumber);
        }
        return expect(send("POST", "/syncs/" + enc(syncId) + "/fields", b.build()), 201).json().asJsonObject();
    }

    JsonArray fields(String syncId) {
        return expect(send("GET", "/syncs/" + enc(syncId) + "/fields", null), 200).json().asJsonArray();
    }

    void updateField(String syncId, int number, JsonObject body) {
        expect(send("PUT", "/syncs/" + enc(syncId) + "/fields/" + number, body), 200, 204);
    }

    void setDirection(String syncId, int number, Direction direction) {
        updateField(syncId, number, JsonSupport.object().add("direction", direction.name()).build());
    }

    void deleteField(String syncId, int number) {
        expect(send("DELETE", "/syncs/" + enc(syncId) + "/fields/" + number, null), 200, 204);
    }

    // ---- tables ---------------------------------------------------------------------------------------

    /** Adds every column but the primary key; returns the created fields. */
    JsonArray addTable(String syncId, String table, Direction direction, String remoteTable) {
        var b = JsonSupport.object().add("table", table).add("direction", direction.name());
        if (remoteTable != null) {
            b.add("remoteTable", remoteTable);
        }
        JsonObject created = expect(send("POST", "/syncs/" + enc(syncId) + "/tables", b.build()), 201)
                .json().asJsonObject();
        return created.getJsonArray("fields");
    }

    /** Names the system fields of a table in a sync (null arguments are left out of the body). */
    void configureTable(String syncId, String table, String statusColumn, String deletedValue, String addedTimeColumn) {
        var b = JsonSupport.object();
        if (statusColumn != null) {
            b.add("statusColumn", statusColumn);
        }
        if (deletedValue != null) {
            b.add("deletedValue", deletedValue);
        }
        if (addedTimeColumn != null) {
            b.add("addedTimeColumn", addedTimeColumn);
        }
        expect(send("PUT", "/syncs/" + enc(syncId) + "/tables/" + enc(table), b.build()), 200, 204);
    }

    // ---- change log -----------------------------------------------------------------------------------

    JsonArray log(String syncId, String table, int limit) {
        List<String> q = new ArrayList<>();
        if (syncId != null) {
            q.add("syncId=" + enc(syncId));
        }
        if (table != null) {
            q.add("table=" + enc(table));
        }
        q.add("limit=" + limit);
        return expect(send("GET", "/log?" + String.join("&", q), null), 200).json().asJsonArray();
    }

    // ---- quarantine -----------------------------------------------------------------------------------

    JsonArray quarantine(String syncId) {
        return expect(send("GET", "/syncs/" + enc(syncId) + "/quarantine", null), 200).json().asJsonArray();
    }

    /** Retries every quarantined record of the sync ({@code entryId} null) or one. */
    JsonObject retryQuarantined(String syncId, Long entryId) {
        String path = "/syncs/" + enc(syncId) + "/quarantine" + (entryId == null ? "" : "/" + entryId) + "/retry";
        return expect(send("POST", path, null), 200).json().asJsonObject();
    }

    Response discardQuarantined(String syncId, long entryId) {
        return send("DELETE", "/syncs/" + enc(syncId) + "/quarantine/" + entryId, null);
    }

    // ---- raw ------------------------------------------------------------------------------------------

    /** Request under /crmsync/api/admin as the administrator. */
    Response send(String method, String path, JsonStructure body) {
        return sendAs(user, password, method, path, body);
    }

    /** Request under /crmsync/api/admin with other credentials (null user: no Authorization header). */
    Response sendAs(String asUser, String asPassword, String method, String path, JsonStructure body) {
        String auth = asUser == null ? null : basic(asUser, asPassword);
        return request(method, baseUrl + ADMIN_PATH + path, body == null ? null : body.toString(), auth);
    }

    /** Any request to a full URL, without authentication (e.g. an unsigned POST to a peer URL). */
    static Response request(String method, String url, String body, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json");
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
            b.method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(method, url, r.statusCode(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + method + " " + url, e);
        }
    }

    static Response expect(Response r, Integer... statuses) {
        if (!Set.of(statuses).contains(r.status())) {
            throw new AssertionError("expected HTTP " + List.of(statuses) + " but got: " + r);
        }
        return r;
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
