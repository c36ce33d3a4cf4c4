package io.crmsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * What an administrator sees of a sync and how the active side connects (issue 18): the progress of
 * a 50,000-row initial load in the status and as a bar in the sync list, the activity chart, and
 * connecting by the remote program's address and the password. Two programs on PostgreSQL, A active.
 */
class WatchAndConnectIT extends TwoProgramsIT {
    static final int ROWS = 50_000;

    WatchAndConnectIT() {
        super(CrmDatabase.Kind.POSTGRES, "it-watch", 9910, 9920);
    }

    private Path projectDir() {
        return Path.of(System.getProperty("crmsync.projectDir", System.getProperty("user.dir"))).toAbsolutePath();
    }

    /** A narrow table on both sides; A's gets {@code rows} rows. */
    private String loadTable(String name, int rows) {
        for (Side side : List.of(a, b)) {
            side.db().exec("CREATE TABLE " + name + " (id serial PRIMARY KEY, name varchar(100), phone varchar(50))");
        }
        b.db().exec("ALTER SEQUENCE " + name + "_id_seq RESTART WITH 1000001");
        a.db().exec("INSERT INTO " + name + "(name, phone) SELECT 'client ' || g, '+7 ' || g FROM generate_series(1, ?) g",
                rows);
        return name;
    }

    @Test
    void initialLoadProgressMovesFromLowToHighInTheStatusAndAsABarInTheList() {
        String t = loadTable("progress_load", ROWS);
        SyncPair pair = newPair("progress");
        List<Long> seen = new ArrayList<>();
        boolean[] barSeen = new boolean[1];
        try (Browser browser = new Browser("en", projectDir().resolve("target/screenshots"))) {
            SettingsPages pages = new SettingsPages(browser, ADMIN_USER, ADMIN_PASSWORD);
            pair.addTable(t, Direction.BOTH, Direction.BOTH);
            await("the load to reach B").atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        JsonArray load = pair.activeStatus().getJsonArray("load");
                        if (load != null && !load.isEmpty()) {
                            JsonObject l = load.getJsonObject(0);
                            assertThat(l.getString("table")).isEqualTo(t);
                            if (!l.isNull("total")) {
                                assertThat(l.getJsonNumber("total").longValue()).isEqualTo(ROWS);
                                long done = l.getJsonNumber("done").longValue();
                                seen.add(done);
                                if (done > 0) {
                                    assertThat(l.getJsonNumber("ratePerSecond").doubleValue()).isPositive();
                                    assertThat(l.isNull("secondsLeft")).isFalse();
                                }
                                if (!barSeen[0] && done > 0 && done < ROWS) {
                                    barSeen[0] = progressBarShown(pages, browser, pair.name, t);
                                }
                            }
                        }
                        return ClientsTable.count(b.db(), t) == ROWS && (load == null || load.isEmpty());
                    });
        }
        assertThat(seen).as("records done as A's status showed them").isNotEmpty();
        assertThat(seen.get(0)).as("first seen").isLessThan(ROWS / 4);
        assertThat(seen.get(seen.size() - 1)).as("last seen").isGreaterThan(ROWS * 3 / 4);
        assertThat(barSeen[0]).as("a progress bar on A's sync list during the load").isTrue();
        assertThat(pair.activeStatus().getJsonArray("load")).as("no load once done").isEmpty();
        assertThat(b.db().queryLong("SELECT COUNT(DISTINCT name) FROM " + t)).isEqualTo(ROWS);
    }

    @Test
    void theSyncPageShowsTheChartOfItsLastDayAndTheTimeSinceTheLastExchange() {
        String t = loadTable("activity_rows", 300);
        SyncPair pair = newPair("activity");
        pair.addTable(t, Direction.BOTH, Direction.BOTH);
        await("300 rows in B").atMost(CATCH_UP_TIMEOUT).pollInterval(POLL).until(() -> ClientsTable.count(b.db(), t) == 300);
        b.db().exec("UPDATE " + t + " SET phone = 'edited in B' WHERE id IN (SELECT id FROM " + t + " ORDER BY id LIMIT 5)");
        await("B's edits in A").atMost(SYNC_TIMEOUT).pollInterval(POLL).until(
                () -> a.db().queryLong("SELECT COUNT(*) FROM " + t + " WHERE phone = 'edited in B'") == 5);
        try (Browser browser = new Browser("ru", projectDir().resolve("target/screenshots"))) {
            SettingsPages pages = new SettingsPages(browser, ADMIN_USER, ADMIN_PASSWORD);
            pages.open(a.program(), "/settings");
            pages.syncRow(pair.name).findElement(By.className("activity-link")).click();
            await("A's sync page").atMost(Duration.ofSeconds(30)).until(
                    () -> !browser.driver().findElements(By.cssSelector("svg.activity-chart")).isEmpty());
            WebElement chart = browser.driver().findElement(By.cssSelector("svg.activity-chart"));
            assertThat(Long.parseLong(chart.getAttribute("data-sent"))).as("records A sent").isGreaterThanOrEqualTo(300);
            assertThat(Long.parseLong(chart.getAttribute("data-received"))).as("records A received").isGreaterThanOrEqualTo(5);
            assertThat(chart.findElements(By.cssSelector("polyline.received, polyline.sent"))).hasSize(2);
            assertThat(chart.findElements(By.cssSelector("g.delay circle"))).as("delay dots").isNotEmpty();
            assertThat(chart.getSize().getWidth()).as("drawn width").isGreaterThan(300);
            assertThat(browser.driver().findElement(By.id("since-last")).getText()).startsWith("Последний обмен").contains("назад");
            assertThat(browser.driver().findElement(By.tagName("h1")).getText()).contains(pair.name);
            browser.screenshot("watch-activity-chart-a");

            pages.open(b.program(), "/settings/sync?sync=" + pair.passiveId);
            WebElement chartB = browser.driver().findElement(By.cssSelector("svg.activity-chart"));
            assertThat(Long.parseLong(chartB.getAttribute("data-received"))).as("records B received").isGreaterThanOrEqualTo(300);
            assertThat(browser.driver().getPageSource()).doesNotContain("<script>").doesNotContain(" style=");
        }
        assertThat(b.db().queryLong("SELECT SUM(received) FROM crmsync_activity WHERE sync_id = ?",
                Long.parseLong(pair.passiveId))).isGreaterThanOrEqualTo(300);
    }

    // ---- connecting by address ------------------------------------------------------------------------

    static final String FIRST_PASSWORD = "it-first-Secret-1";
    static final String SECOND_PASSWORD = "it-second-Secret-2";

    /** B's address as an administrator would type it: no path, or with /crmsync. */
    private String addressOfB(boolean withContextRoot) {
        return "http://127.0.0.1:" + b.program().port() + (withContextRoot ? "/crmsync/" : "");
    }

    @Test
    void withTwoPassiveSyncsOnThePeerTheAddressAndThePasswordFindTheRightOneAndItSyncs() {
        String t = loadTable("by_address", 20);
        List<Runnable> cleanup = new ArrayList<>();
        try {
            String first = AdminClient.idOf(b.admin().createSync(AdminClient.syncBody("it-first", "PASSIVE", 1, FIRST_PASSWORD, null)));
            cleanup.add(() -> b.admin().deleteSync(first));
            String second = AdminClient.idOf(b.admin().createSync(AdminClient.syncBody("it-second", "PASSIVE", 1, SECOND_PASSWORD, null)));
            cleanup.add(() -> b.admin().deleteSync(second));

            JsonObject active = a.admin().createSync(AdminClient.syncBody("it-second", "ACTIVE", 1, SECOND_PASSWORD, addressOfB(false)));
            String activeId = AdminClient.idOf(active);
            cleanup.add(0, () -> a.admin().deleteSync(activeId));
            assertThat(active.getString("remoteUrl")).as("the address as given").isEqualTo(addressOfB(false));
            assertThat(active.toString()).doesNotContain(SECOND_PASSWORD);

            b.admin().addTable(second, stored(t), Direction.BOTH, stored(t));
            a.admin().addTable(activeId, stored(t), Direction.BOTH, null);
            await("20 rows in B").atMost(SYNC_TIMEOUT).pollInterval(POLL).until(() -> ClientsTable.count(b.db(), t) == 20);
            b.db().exec("UPDATE " + t + " SET phone = 'from B' WHERE name = 'client 7'");
            await("B's edit in A").atMost(SYNC_TIMEOUT).pollInterval(POLL).until(
                    () -> "from B".equals(a.db().queryScalar("SELECT phone FROM " + t + " WHERE name = 'client 7'")));
            assertThat(b.admin().status(second).getBoolean("connected")).as("the second passive sync").isTrue();
            assertThat(b.admin().status(first).isNull("lastSuccessAt")).as("the first passive sync never exchanged").isTrue();

            // The other form of the address (with /crmsync) and the first password find the first sync.
            JsonObject other = a.admin().createSync(AdminClient.syncBody("it-first", "ACTIVE", 1, FIRST_PASSWORD, addressOfB(true)));
            String otherId = AdminClient.idOf(other);
            cleanup.add(0, () -> a.admin().deleteSync(otherId));
            await("the first passive sync reached").atMost(SYNC_TIMEOUT).pollInterval(POLL)
                    .until(() -> b.admin().status(first).getBoolean("connected"));
        } finally {
            cleanup.forEach(Runnable::run);
        }
    }

    @Test
    void aWrongPasswordIsRefusedWithAClearMessageAndNothingIsSaved() {
        String passive = AdminClient.idOf(b.admin().createSync(AdminClient.syncBody("it-wrong", "PASSIVE", 1, FIRST_PASSWORD, null)));
        try {
            int before = a.admin().syncs().size();
            AdminClient.Response r = a.admin().send("POST", "/syncs",
                    AdminClient.syncBody("it-wrong", "ACTIVE", 1, "not-the-Password-9", addressOfB(false)));
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.json().asJsonObject().getString("error"))
                    .contains("the password matches no passive HTTP sync of the program at " + addressOfB(true));
            assertThat(a.admin().syncs()).as("nothing saved").hasSize(before);

            AdminClient.Response nobody = a.admin().send("POST", "/syncs",
                    AdminClient.syncBody("it-wrong", "ACTIVE", 1, FIRST_PASSWORD, "http://127.0.0.1:9999"));
            assertThat(nobody.status()).isEqualTo(400);
            assertThat(nobody.json().asJsonObject().getString("error")).startsWith("no crm-sync program answers at http://127.0.0.1:9999");

            // The admin API's connection test says the same without saving anything.
            JsonObject ok = a.admin().send("POST", "/connection-test", JsonSupport.object()
                    .add("remoteUrl", addressOfB(false)).add("password", FIRST_PASSWORD).build()).json().asJsonObject();
            assertThat(ok.getBoolean("reachable")).isTrue();
            assertThat(ok.getBoolean("passwordMatches")).isTrue();
            assertThat(ok.getBoolean("clockOk")).isTrue();
            JsonObject wrong = a.admin().send("POST", "/connection-test", JsonSupport.object()
                    .add("remoteUrl", addressOfB(false)).add("password", "not-the-Password-9").build()).json().asJsonObject();
            assertThat(wrong.getBoolean("passwordMatches")).isFalse();
            assertThat(a.admin().syncs()).as("nothing saved").hasSize(before);
        } finally {
            b.admin().deleteSync(passive);
        }
    }

    @Test
    void theConnectionTestButtonSaysWhetherTheAddressAnswersThePasswordMatchesAndTheClocksAgree() {
        String passive = AdminClient.idOf(b.admin().createSync(AdminClient.syncBody("it-button", "PASSIVE", 1, FIRST_PASSWORD, null)));
        try (Browser browser = new Browser("ru", projectDir().resolve("target/screenshots"))) {
            SettingsPages pages = new SettingsPages(browser, ADMIN_USER, ADMIN_PASSWORD);
            var d = browser.driver();
            pages.open(a.program(), "/settings");
            pages.fillSync("it-button", "ACTIVE", "HTTP", "not-the-Password-9", "1");
            d.findElement(By.id("remoteAccess")).click();
            assertThat(d.findElement(By.cssSelector("label[for=remoteUrl]")).getText()).isEqualTo("Адрес удаленной программы");
            pages.type("remoteUrl", addressOfB(false));
            List<String> wrong = connectionTest(d);
            assertThat(wrong).hasSize(3).startsWith("ok:Адрес отвечает: там программа crm-sync",
                    "bad:Пароль не подходит ни к одной пассивной синхронизации там");
            assertThat(wrong.get(2)).matches("ok:Часы совпадают \\(расхождение -?[01] с\\)");
            pages.type("password", FIRST_PASSWORD);
            List<String> right = connectionTest(d);
            assertThat(right).hasSize(3).startsWith("ok:Адрес отвечает: там программа crm-sync",
                    "ok:Пароль подходит к пассивной синхронизации там");
            assertThat(right.get(2)).startsWith("ok:Часы совпадают");
            browser.screenshot("connect-test-button");
            pages.type("remoteUrl", "http://127.0.0.1:9999");
            assertThat(connectionTest(d)).containsExactly("bad:По этому адресу не отвечает программа crm-sync");

            pages.type("remoteUrl", addressOfB(true));
            pages.type("password", FIRST_PASSWORD);
            pages.save();
            await("the passive sync reached").atMost(SYNC_TIMEOUT).pollInterval(POLL)
                    .until(() -> b.admin().status(passive).getBoolean("connected"));
        } finally {
            for (JsonObject s : a.admin().syncs().getValuesAs(JsonObject.class)) {
                if (s.getString("name").equals("it-button")) {
                    a.admin().deleteSync(AdminClient.idOf(s));
                }
            }
            b.admin().deleteSync(passive);
        }
    }

    /** Clicks the button; the lines of its answer as "ok:text" or "bad:text" (the details left out). */
    private static List<String> connectionTest(org.openqa.selenium.WebDriver d) {
        d.findElement(By.id("test-connection")).click();
        await("the connection test's answer").atMost(Duration.ofSeconds(60)).until(
                () -> "true".equals(d.findElement(By.id("connection-result")).getAttribute("data-done")));
        List<String> lines = new ArrayList<>();
        for (WebElement li : d.findElements(By.cssSelector("#connection-result li"))) {
            if (!li.getAttribute("class").contains("detail")) {
                lines.add(li.getAttribute("class") + ":" + li.getText());
            }
        }
        return lines;
    }

    /** Opens A's sync list; true if the sync's row shows a bar for the table with a value above 0. */
    private boolean progressBarShown(SettingsPages pages, Browser browser, String sync, String table) {
        pages.open(a.program(), "/settings");
        List<WebElement> bars = pages.syncRow(sync).findElements(By.cssSelector(".load[data-table] progress"));
        if (bars.isEmpty()) {
            return false;
        }
        WebElement load = pages.syncRow(sync).findElement(By.cssSelector(".load[data-table]"));
        assertThat(load.getAttribute("data-table")).isEqualTo(stored(table));
        assertThat(load.getText()).contains("of 50,000 records");
        int value = Integer.parseInt(bars.get(0).getAttribute("value"));
        if (value <= 0) {
            return false;
        }
        browser.screenshot("watch-progress-bar");
        return true;
    }
}
