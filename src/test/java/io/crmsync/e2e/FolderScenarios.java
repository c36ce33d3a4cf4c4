package io.crmsync.e2e;

import static io.crmsync.e2e.Direction.BOTH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;

/**
 * The folder scenarios that run over more than one FTP server (the embedded Apache FtpServer in
 * {@link FolderSyncIT}, real server programs in {@link FtpServersIT}): changes both ways, the
 * server going away during steady edits, a 50 MB value.
 */
abstract class FolderScenarios extends TwoProgramsIT {
    static final List<String> COLUMNS = List.of("name", "phone", "qty");

    protected FolderScenarios(CrmDatabase.Kind kind, String namePrefix, int portA, int portB) {
        super(kind, namePrefix, portA, portB);
    }

    /** The admin API body of an FTP sync through the server on {@code port} with this login. */
    static JsonObject ftpBody(String name, String mode, int port, String user, String password, String upload,
            String download) {
        JsonObject body = ftpBody(name, mode, port, upload, download);
        return JsonSupport.object(body).add("ftp", JsonSupport.object(body.getJsonObject("ftp"))
                .add("user", user).add("password", password)).build();
    }

    /**
     * Under steady edits on both sides, the FTP server is stopped ({@code stop}) and started again
     * {@code rounds} times: every edit arrives once and A connects again.
     */
    protected void editsSurviveServerRestarts(SyncPair pair, String t, int rounds, Runnable stop, Runnable start) {
        SteadyEditStream editsA = new SteadyEditStream("a", a.db(), t, () -> true);
        SteadyEditStream editsB = new SteadyEditStream("b", b.db(), t, () -> true);
        List<SteadyEditStream> streams = List.of(editsA, editsB);
        try {
            editsA.start(Duration.ofMillis(50));
            editsB.start(Duration.ofMillis(50));
            for (int round = 0; round < rounds; round++) {
                awaitMoreEdits(streams, 40);
                stop.run();
                awaitMoreEdits(streams, 40);
                await("A reports the FTP server gone").atMost(SYNC_TIMEOUT).pollInterval(POLL)
                        .until(() -> !a.admin().status(pair.activeId).getBoolean("connected"));
                start.run();
            }
            awaitMoreEdits(streams, 40);
        } finally {
            editsA.stop();
            editsB.stop();
        }
        awaitTablesEqual(t, List.of("name", "phone", "qty", "note"), CATCH_UP_TIMEOUT, -1);
        assertEveryEditArrivedOnce(t, streams, "");
        await("A connected again").atMost(SYNC_TIMEOUT).pollInterval(POLL)
                .until(() -> a.admin().status(pair.activeId).getBoolean("connected"));
    }

    /**
     * A 50 MB binary value inserted in A arrives in B intact (length and MD5 compared by PostgreSQL), and with
     * {@code backToo} a different 50 MB value written in B arrives in A; both programs run at -Xmx256m.
     */
    protected void largeValueArrives(SyncPair pair, String t, boolean backToo) {
        largeValueArrives(pair, t, backToo, () -> { });
    }

    /** As above, with {@code whileSending} run after A's value was written and before it is awaited in B. */
    protected void largeValueArrives(SyncPair pair, String t, boolean backToo, Runnable whileSending) {
        for (Side side : List.of(a, b)) {
            side.db().exec("CREATE TABLE " + t + " (id serial PRIMARY KEY, name varchar(200), doc bytea)");
        }
        b.db().exec("ALTER SEQUENCE " + t + "_id_seq RESTART WITH 1001");
        pair.addFields(t, BOTH, BOTH, List.of("name", "doc"));
        a.db().exec("INSERT INTO " + t + " (name, doc) VALUES (?, ?)", "big", randomBytes(50 << 20, 1));
        whileSending.run();
        awaitSameDoc(b, t, "big", Duration.ofMinutes(3));
        if (backToo) {
            b.db().exec("UPDATE " + t + " SET doc = ? WHERE name = ?", randomBytes(50 << 20, 2), "big");
            awaitSameDoc(a, t, "big", Duration.ofMinutes(3));
        }
        for (Side side : List.of(a, b)) {
            assertThat(side.program().log()).as("log of " + side.label()).doesNotContain("OutOfMemoryError");
        }
    }

    private void awaitSameDoc(Side receiver, String t, String name, Duration atMost) {
        String sql = "SELECT octet_length(doc) || ':' || md5(doc) FROM " + t + " WHERE name = ?";
        Side sender = receiver == a ? b : a;
        Object want = sender.db().queryScalar(sql, name);
        await(receiver.label() + " has the 50 MB value of " + sender.label()).atMost(atMost).pollInterval(POLL)
                .until(() -> want.equals(receiver.db().queryScalar(sql, name)));
    }

    private static byte[] randomBytes(int n, long seed) {
        byte[] bytes = new byte[n];
        new java.util.Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** Insert on each side, update on the other, hard delete, over the pair's folders. */
    protected void insertsUpdatesAndDeletesFlowBothWays(String t, SyncPair pair) {
        pair.addFields(t, BOTH, BOTH, COLUMNS);
        a.admin().configureTable(pair.activeId, stored(t), "", null, null);
        b.admin().configureTable(pair.passiveId, stored(t), "", null, null);
        ClientsTable.insert(a.db(), t, row("name", "alice", "phone", "1", "qty", 1));
        ClientsTable.insert(b.db(), t, row("name", "bob", "phone", "2", "qty", 2));
        ClientsTable.insert(a.db(), t, row("name", "carol", "phone", "3", "qty", 3));
        awaitValue(b, t, "alice", "phone", "1");
        awaitValue(a, t, "bob", "phone", "2");

        b.db().exec("UPDATE " + t + " SET phone = ? WHERE name = ?", "1-b", "alice");
        a.db().exec("UPDATE " + t + " SET qty = ? WHERE name = ?", 20, "bob");
        awaitValue(a, t, "alice", "phone", "1-b");
        awaitValue(b, t, "bob", "qty", 20);

        a.db().exec("DELETE FROM " + t + " WHERE name = ?", "carol");
        await("carol deleted in B").atMost(SYNC_TIMEOUT).pollInterval(POLL)
                .until(() -> ClientsTable.countNamed(b.db(), t, "carol") == 0);
        awaitTablesEqual(t, COLUMNS, SYNC_TIMEOUT, 2);
    }

}
