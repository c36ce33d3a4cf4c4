package io.crmsync.e2e;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * One sync between program A (active) and program B (passive), HTTP unless made by {@link #createFolders}, configured through both admin APIs the
 * way an administrator would: the passive sync on B first (it shows the peer URL), then the active sync on
 * A pointing at it. Fields are added on A first (A assigns the number), then on B mapped to that number.
 * Table and column names are given in lower case and converted to the database's stored form.
 */
final class SyncPair {

    static final int PERIOD_SECONDS = 1;

    final String name;
    final AdminClient active;
    final AdminClient passive;
    final String activeId;
    /** Set later for a pair made by {@link #createFoldersActiveFirst}. */
    String passiveId;
    final String peerUrl;
    private final UnaryOperator<String> ident;
    private final Map<String, Integer> activeNumbers = new LinkedHashMap<>();
    private final Map<String, Integer> passiveNumbers = new LinkedHashMap<>();
    private boolean deleted;

    private SyncPair(String name, AdminClient active, AdminClient passive, String activeId, String passiveId,
            String peerUrl, UnaryOperator<String> ident) {
        this.name = name;
        this.active = active;
        this.passive = passive;
        this.activeId = activeId;
        this.passiveId = passiveId;
        this.peerUrl = peerUrl;
        this.ident = ident;
    }

    /** Creates the passive sync on B and the active sync on A; the passwords normally are the same. */
    static SyncPair create(AdminClient a, AdminClient b, String name, String activePassword, String passivePassword,
            UnaryOperator<String> ident) {
        return create(a, b, name, activePassword, passivePassword, ident, UnaryOperator.identity());
    }

    /** As above; A reaches B at {@code route.apply(peerUrl)} (e.g. through a proxy). */
    static SyncPair create(AdminClient a, AdminClient b, String name, String activePassword, String passivePassword,
            UnaryOperator<String> ident, UnaryOperator<String> route) {
        JsonObject passiveSync = b.createSync(AdminClient.syncBody(name, "PASSIVE", PERIOD_SECONDS, passivePassword, null));
        String shown = passiveSync.getString("peerUrl", null);
        if (shown == null || shown.isBlank()) {
            throw new AssertionError("the passive sync shows no peerUrl: " + passiveSync);
        }
        String peerUrl = route.apply(shown);
        JsonObject activeSync = a.createSync(
                AdminClient.syncBody(name, "ACTIVE", PERIOD_SECONDS, activePassword, peerUrl));
        return new SyncPair(name, a, b, AdminClient.idOf(activeSync), AdminClient.idOf(passiveSync), peerUrl, ident);
    }

    /** A LOCAL or FTP sync: {@code passiveBody} created on B, then {@code activeBody} on A. */
    static SyncPair createFolders(AdminClient a, AdminClient b, String name, JsonObject activeBody,
            JsonObject passiveBody, UnaryOperator<String> ident) {
        JsonObject passiveSync = b.createSync(passiveBody);
        JsonObject activeSync = a.createSync(activeBody);
        return new SyncPair(name, a, b, AdminClient.idOf(activeSync), AdminClient.idOf(passiveSync), null, ident);
    }

    /** A LOCAL or FTP sync whose side on B comes later ({@link #createPassive}): meanwhile A alone reads its folder. */
    static SyncPair createFoldersActiveFirst(AdminClient a, AdminClient b, String name, JsonObject activeBody,
            UnaryOperator<String> ident) {
        JsonObject activeSync = a.createSync(activeBody);
        return new SyncPair(name, a, b, AdminClient.idOf(activeSync), null, null, ident);
    }

    /** Creates B's side of a pair made by {@link #createFoldersActiveFirst}. */
    void createPassive(JsonObject passiveBody) {
        passiveId = AdminClient.idOf(passive.createSync(passiveBody));
    }

    /** Adds one field on A, then on B mapped to A's number. */
    void addField(String table, String column, Direction onA, Direction onB) {
        String t = ident.apply(table);
        String c = ident.apply(column);
        JsonObject a = active.addField(activeId, t, c, onA, null);
        int number = a.getInt("number");
        JsonObject b = passive.addField(passiveId, t, c, onB, number);
        activeNumbers.put(key(table, column), number);
        passiveNumbers.put(key(table, column), b.getInt("number"));
    }

    /** The product page's step 4: fields added on A only, each getting a number. */
    void addOnActive(String table, Direction onA, Iterable<String> columns) {
        for (String column : columns) {
            JsonObject a = active.addField(activeId, ident.apply(table), ident.apply(column), onA, null);
            activeNumbers.put(key(table, column), a.getInt("number"));
        }
    }

    /** The product page's step 5: B adds the same fields, mapped to A's numbers. */
    void mapOnPassive(String table, Direction onB, Iterable<String> columns) {
        for (String column : columns) {
            JsonObject b = passive.addField(passiveId, ident.apply(table), ident.apply(column), onB,
                    activeNumber(table, column));
            passiveNumbers.put(key(table, column), b.getInt("number"));
        }
    }

    void addFields(String table, Direction onA, Direction onB, Iterable<String> columns) {
        for (String column : columns) {
            addField(table, column, onA, onB);
        }
    }

    /** Changes one field's direction on both sides (B first, so A's resend finds B ready). */
    void setDirection(String table, String column, Direction onA, Direction onB) {
        passive.setDirection(passiveId, passiveNumber(table, column), onB);
        active.setDirection(activeId, activeNumber(table, column), onA);
    }

    /**
     * Adds a whole table: on B first (its columns are matched to A's by name, so it needs no numbers), then
     * on A, so that A's initial load already finds B's fields. Returns A's created fields.
     */
    JsonArray addTable(String table, Direction onA, Direction onB) {
        String t = ident.apply(table);
        JsonArray bFields = passive.addTable(passiveId, t, onB, t);
        JsonArray aFields = active.addTable(activeId, t, onA, null);
        remember(table, aFields, activeNumbers);
        remember(table, bFields, passiveNumbers);
        return aFields;
    }

    int activeNumber(String table, String column) {
        return number(activeNumbers, table, column);
    }

    int passiveNumber(String table, String column) {
        return number(passiveNumbers, table, column);
    }

    JsonObject activeStatus() {
        return active.status(activeId);
    }

    /** Deletes both syncs (A's first, so it stops calling B). Idempotent. */
    void delete() {
        if (!deleted) {
            deleted = true;
            active.deleteSync(activeId);
            if (passiveId != null) {
                passive.deleteSync(passiveId);
            }
        }
    }

    @Override
    public String toString() {
        return "sync '" + name + "' (A:" + activeId + " -> B:" + passiveId + " at " + peerUrl + ")";
    }

    private static void remember(String table, JsonArray fields, Map<String, Integer> numbers) {
        if (fields == null) {
            return;
        }
        for (JsonValue v : fields) {
            JsonObject f = v.asJsonObject();
            numbers.put(key(table, f.getString("column")), f.getInt("number"));
        }
    }

    private static int number(Map<String, Integer> numbers, String table, String column) {
        Integer n = numbers.get(key(table, column));
        if (n == null) {
            throw new IllegalArgumentException("no field " + table + "." + column + " in " + numbers.keySet());
        }
        return n;
    }

    private static String key(String table, String column) {
        return (table + "." + column).toLowerCase(java.util.Locale.ROOT);
    }
}
