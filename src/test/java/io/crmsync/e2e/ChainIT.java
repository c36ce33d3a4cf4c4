package io.crmsync.e2e;

import io.crmsync.e2e.TwoProgramsIT.Side;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Four real programs in a chain over every transport, P1 - P2 - P3 - P4 (ports 9510 to 9540): P1 active
 * to P2 over HTTP, P2 active to P3 over LOCAL folders, P3 active to P4 over FTP (Apache FtpServer in the
 * test JVM on 9550). P1 and P3 run on PostgreSQL, P2 and P4 on MariaDB. Only the middle programs relay:
 * an edit at one end crosses two of them to reach the other.
 */
class ChainIT extends ManyProgramsIT {
    static final List<String> COLUMNS = HubIT.COLUMNS;
    static final int FTP_PORT = 9550;

    private TestFtpServer ftp;
    private Side p1;
    private Side p4;

    ChainIT() {
        super(List.of(
                new Spec("P1", "chain-1", CrmDatabase.Kind.POSTGRES, 9510),
                new Spec("P2", "chain-2", CrmDatabase.Kind.MARIADB, 9520),
                new Spec("P3", "chain-3", CrmDatabase.Kind.POSTGRES, 9530),
                new Spec("P4", "chain-4", CrmDatabase.Kind.MARIADB, 9540)));
    }

    @BeforeAll
    void startFtpServer() {
        ftp = new TestFtpServer(folderRoot(), FTP_PORT);
        ftp.start();
    }

    @AfterAll
    void stopFtpServer() {
        if (ftp != null) {
            ftp.close();
        }
    }

    /** The table clients_&lt;shortName&gt; synced both ways on the three links. */
    private String chain(String shortName) {
        p1 = side("P1");
        p4 = side("P4");
        String t = newTable(shortName);
        syncTable(httpPair("chain-" + shortName + "-12", p1, side("P2")), t, COLUMNS);
        syncTable(localPair("chain-" + shortName + "-23", side("P2"), side("P3")), t, COLUMNS);
        syncTable(ftpPair("chain-" + shortName + "-34", side("P3"), p4, FTP_PORT), t, COLUMNS);
        return t;
    }

    // ---- scenarios ------------------------------------------------------------------------------------

    @Test
    void editsAtOneEndReachTheOtherEndAndNothingLoops() {
        String t = chain("ends");
        ClientsTable.insert(p1.db(), t, row("name", "from-p1", "phone", "1", "qty", 1));
        awaitValue(p4, t, "from-p1", "phone", "1");
        p1.db().exec("UPDATE " + t + " SET phone = ?, note = ? WHERE name = ?", "1-new", "edited in P1", "from-p1");
        awaitValue(p4, t, "from-p1", "phone", "1-new");
        awaitValue(p4, t, "from-p1", "note", "edited in P1");

        ClientsTable.insert(p4.db(), t, row("name", "from-p4", "phone", "4", "qty", 4));
        awaitValue(p1, t, "from-p4", "phone", "4");
        p4.db().exec("UPDATE " + t + " SET qty = ?, record_status = 1 WHERE name = ?", 40, "from-p4");
        awaitValue(p1, t, "from-p4", "qty", 40L);
        awaitValue(p1, t, "from-p4", "record_status", 1L);

        p4.db().exec("DELETE FROM " + t + " WHERE name = ?", "from-p1");
        awaitGone(p1, t, "from-p1");
        awaitAllEqual(t, COLUMNS, SYNC_TIMEOUT, 1);
        awaitJournalsSettle();
        assertNoChangeCameBackToItsOrigin(t);
    }

    @Test
    void steadyEditsAtBothEndsArriveOnceEverywhereAndTheJournalsStopGrowing() {
        String t = chain("steady");
        SteadyEditStream edits1 = new SteadyEditStream("p1", p1.db(), t, () -> true);
        SteadyEditStream edits4 = new SteadyEditStream("p4", p4.db(), t, () -> true);
        List<SteadyEditStream> streams = List.of(edits1, edits4);
        try {
            edits1.start(Duration.ofMillis(100));
            edits4.start(Duration.ofMillis(100));
            TwoProgramsIT.awaitMoreEdits(streams, 100);
        } finally {
            edits1.stop();
            edits4.stop();
        }
        awaitAllEqual(t, COLUMNS, CATCH_UP_TIMEOUT, -1);
        assertEveryEditArrivedOnce(t, streams);
        awaitJournalsSettle();
    }
}
