package io.crmsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The settings page in a real browser: an administrator sets up a passive sync on B and an active
 * one on A only through the pages (the peer URL copied from B's page), adds fields on A and maps
 * them on B by number; a record edited in A's database arrives in B's and shows in B's log page.
 * Once with a Russian browser, once with an English one. Also: the conflict policy on the sync form
 * (saved, shown, and on a passive sync the one its active peer told), and the log page's conflict
 * filter with both values side by side. Both programs run on PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES)
class SettingsPageIT {
    static final int PORT_A = 8710;
    static final int PORT_B = 8720;
    static final String ADMIN_USER = "it-admin";
    static final String ADMIN_PASSWORD = "it-admin-Secret-1";
    static final String SYNC_PASSWORD = "it-sync-Secret-1";
    static final Duration SYNC_TIMEOUT = Duration.ofSeconds(60);
    static final String XSS = "<script>alert(1)</script>";

    /** A few labels per language, as the pages must show them. */
    static final Map<String, Map<String, String>> LABELS = Map.of(
            "ru", Map.of("title", "Синхронизация", "save", "Сохранить", "fields", "Поля", "log", "Лог",
                    "remoteAccess", "Доступ к удаленной программе", "add", "Добавить", "new", "Стало", "copied", "Скопировано"),
            "en", Map.of("title", "Synchronization", "save", "Save", "fields", "Fields", "log", "Log",
                    "remoteAccess", "Access to the remote program", "add", "Add", "new", "New value", "copied", "Copied"));

    private Path projectDir;
    private ProgramProcess a;
    private ProgramProcess b;
    private CrmDatabase dbA;
    private CrmDatabase dbB;
    private AdminClient adminA;

    @BeforeAll
    void startPrograms() {
        assertThat(Browser.available()).as("chromium and chromedriver (apt-get install chromium chromium-driver)").isTrue();
        projectDir = Path.of(System.getProperty("crmsync.projectDir", System.getProperty("user.dir"))).toAbsolutePath();
        ProgramProcess.assertPortFree("it-ui-a", PORT_A);
        ProgramProcess.assertPortFree("it-ui-b", PORT_B);
        dbA = CrmDatabase.createFresh(CrmDatabase.Kind.POSTGRES, "it-ui-a", projectDir);
        dbB = CrmDatabase.createFresh(CrmDatabase.Kind.POSTGRES, "it-ui-b", projectDir);
        for (String lang : LABELS.keySet()) {
            ClientsTable.create(dbA, "clients_" + lang);
            ClientsTable.create(dbB, "clients_" + lang);
            ClientsTable.startIdsAt(dbB, "clients_" + lang, 1001);
        }
        // The stand-in CRM page of the demo (on A only), on the demo schema's client columns.
        dbA.exec("CREATE TABLE clients (id serial PRIMARY KEY, name varchar(200) NOT NULL, address varchar(300),"
                + " phone varchar(50), email varchar(200))");
        dbA.exec("INSERT INTO clients(name, phone) VALUES ('ООО «Ромашка»', '+7 495 123-45-67')");
        Map<String, String> envA = new LinkedHashMap<>(ProgramProcess.environment(dbA, ADMIN_USER, ADMIN_PASSWORD));
        envA.put("CRMSYNC_DEMO_CRM", "true");
        // The page is in the demo WAR only (the product WAR plus the page), as in deploy/demo.sh.
        envA.put("CRMSYNC_WAR", projectDir.resolve("target/crm-sync-demo.war").toString());
        a = new ProgramProcess("it-ui-a", PORT_A, projectDir, envA);
        b = new ProgramProcess("it-ui-b", PORT_B, projectDir, ProgramProcess.environment(dbB, ADMIN_USER, ADMIN_PASSWORD));
        a.start();
        b.start();
        a.awaitHealthy();
        b.awaitHealthy();
        adminA = new AdminClient(a.baseUrl(), ADMIN_USER, ADMIN_PASSWORD);
    }

    @AfterAll
    void stopPrograms() {
        for (ProgramProcess p : new ProgramProcess[] {a, b}) {
            if (p != null) {
                p.stop();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ru", "en"})
    void administratorSetsUpASyncThroughThePagesAndSeesAChangeArrive(String lang) {
        Map<String, String> label = LABELS.get(lang);
        String table = "clients_" + lang;
        try (Browser browser = new Browser(lang, projectDir.resolve("target/screenshots"))) {
            SettingsPages pages = new SettingsPages(browser, ADMIN_USER, ADMIN_PASSWORD);
            WebDriver d = browser.driver();

            // 1. B: the passive sync; its page shows the peer URL to copy.
            pages.open(b, "/settings");
            assertThat(d.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo(lang);
            assertThat(d.findElement(By.tagName("h1")).getText()).isEqualTo(label.get("title"));
            assertThat(d.findElement(By.id("save")).getText()).isEqualTo(label.get("save"));
            assertThat(d.findElement(By.cssSelector("label[for=remoteAccess]")).getText()).isEqualTo(label.get("remoteAccess"));
            pages.fillSync("Head office " + lang, "PASSIVE", "HTTP", SYNC_PASSWORD, "1");
            pages.save();
            WebElement passiveRow = pages.syncRow("Head office " + lang);
            WebElement peerUrl = passiveRow.findElement(By.className("peer-url"));
            String copied = peerUrl.getAttribute("value");
            assertThat(copied).startsWith("http://127.0.0.1:" + PORT_B + "/crmsync/api/peer/").endsWith("/exchange");
            passiveRow.findElement(By.className("copy")).click();
            await().atMost(Duration.ofSeconds(5)).until(
                    () -> pages.syncRow("Head office " + lang).findElement(By.className("copy-status")).getText(),
                    label.get("copied")::equals);
            assertThat(d.getPageSource()).doesNotContain(SYNC_PASSWORD);
            browser.screenshot(lang + "-1-b-passive-sync");

            // 2. A: an FTP sync whose folder is not an absolute path is refused next to that folder's input,
            //    with the FTP inputs shown and kept (passwords not); nothing saved.
            pages.open(a, "/settings");
            pages.fillSync("FTP " + lang, "ACTIVE", "FTP", SYNC_PASSWORD, "1");
            assertThat(d.findElement(By.id("ftp-block")).isDisplayed()).isTrue();
            assertThat(d.findElement(By.id("local-block")).isDisplayed()).isFalse();
            pages.type("ftpHost", "mycompany.ru");
            pages.type("ftpLogin", "cb");
            pages.type("ftpPassword", "ftp-Secret-1");
            pages.type("ftpUploadFolder", "cb/upload");
            pages.type("ftpDownloadFolder", "/cb/download");
            pages.submit();
            assertThat(d.findElement(By.id("ftpUploadFolder-error")).getText()).contains("cb/upload");
            assertThat(d.findElement(By.id("ftpHost")).getAttribute("value")).isEqualTo("mycompany.ru");
            assertThat(d.findElement(By.id("password")).getAttribute("value")).isEmpty();
            assertThat(d.getPageSource()).doesNotContain("ftp-Secret-1").doesNotContain(SYNC_PASSWORD);
            assertThat(adminA.syncs().toString()).doesNotContain("FTP " + lang);
            browser.screenshot(lang + "-2-a-ftp-folder-refused");

            // 3. A: the active sync, with the address pasted from B's page.
            pages.fillSync("Branch " + lang, "ACTIVE", "HTTP", SYNC_PASSWORD, "1");
            assertThat(d.findElement(By.id("remoteUrl")).isDisplayed()).isFalse();
            d.findElement(By.id("remoteAccess")).click();
            assertThat(d.findElement(By.id("remoteUrl")).isDisplayed()).isTrue();
            pages.type("remoteUrl", copied);
            pages.save();
            pages.awaitGreenTick(a, "Branch " + lang, SYNC_TIMEOUT);
            browser.screenshot(lang + "-3-a-connected");
            d.manage().window().setSize(new Dimension(390, 844));
            browser.screenshot(lang + "-3-a-connected-phone-width");
            d.manage().window().setSize(new Dimension(1280, 1100));

            // 4. A: fields "name" and "phone"; phone's direction changed through the arrows icon.
            pages.clickAndWaitForNextPage(pages.syncRow("Branch " + lang).findElement(By.className("fields-link")));
            pages.chooseTable(table);
            int nameOnA = pages.addField("name", "BOTH", null);
            int phoneOnA = pages.addField("phone", "UPLOAD", null);
            assertThat(d.findElement(By.id("add-field")).getText()).isEqualTo(label.get("add"));
            pages.changeDirection(phoneOnA, "BOTH");
            browser.screenshot(lang + "-4-a-fields");

            // 5. B: the same fields, mapped to A's numbers (once in the add form, once in the list).
            pages.open(b, "/settings");
            WebElement fieldsLink = pages.syncRow("Head office " + lang).findElement(By.className("fields-link"));
            assertThat(fieldsLink.getText()).isEqualTo(label.get("fields"));
            pages.clickAndWaitForNextPage(fieldsLink);
            pages.chooseTable(table);
            int nameOnB = pages.addField("name", "BOTH", null);
            pages.mapRemote(nameOnB, nameOnA);
            pages.addField("phone", "BOTH", phoneOnA);
            browser.screenshot(lang + "-5-b-fields-mapped");

            // 6. A record edited in A's database arrives in B's.
            String client = "Ромашка " + lang;
            ClientsTable.insert(dbA, table, Map.of("name", client, "phone", "+7 495 000-00-00"));
            dbA.exec("UPDATE " + table + " SET phone = ? WHERE name = ?", "+7 495 111-22-33", client);
            ClientsTable.insert(dbA, table, Map.of("name", "xss " + lang, "phone", XSS));
            await("phone in B").atMost(SYNC_TIMEOUT).pollInterval(Duration.ofMillis(500))
                    .until(() -> ClientsTable.countNamed(dbB, table, client) == 1
                            && "+7 495 111-22-33".equals(ClientsTable.value(dbB, table, client, "phone")));

            // 7. B's log page shows it, filtered by table and direction; the script tag is text.
            pages.open(b, "/settings");
            WebElement logLink = pages.syncRow("Head office " + lang).findElement(By.className("log-link"));
            assertThat(logLink.getText()).isEqualTo(label.get("log"));
            pages.clickAndWaitForNextPage(logLink);
            pages.type("table", table);
            new Select(d.findElement(By.id("direction"))).selectByValue("IN");
            pages.clickAndWaitForNextPage(d.findElement(By.id("filter")));
            pages.awaitLogRow("+7 495 111-22-33", SYNC_TIMEOUT);
            pages.awaitLogRow(XSS, SYNC_TIMEOUT);
            assertThat(d.findElements(By.cssSelector("#log th")).stream().map(WebElement::getText)).contains(label.get("new"));
            assertThatNoAlert(d);
            browser.screenshot(lang + "-6-b-log");

            // 8. The language switch, remembered across pages.
            String other = lang.equals("ru") ? "en" : "ru";
            pages.clickAndWaitForNextPage(d.findElement(By.cssSelector("a.lang-switch[hreflang=" + other + "]")));
            assertThat(d.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo(other);
            pages.open(b, "/settings");
            assertThat(d.findElement(By.tagName("h1")).getText()).isEqualTo(LABELS.get(other).get("title"));
            browser.screenshot(lang + "-7-b-switched-to-" + other);
        }
    }

    @Test
    void aRecordTheDatabaseRefusedIsShownInTheQuarantinePageAndItsRetryButtonAppliesItOnceFixed() {
        String table = "clients_q";
        ClientsTable.create(dbA, table);
        ClientsTable.create(dbB, table);
        dbB.exec("ALTER TABLE " + table + " ALTER COLUMN phone TYPE varchar(10)");
        AdminClient adminB = new AdminClient(b.baseUrl(), ADMIN_USER, ADMIN_PASSWORD);
        SyncPair pair = SyncPair.create(adminA, adminB, "Quarantine page", SYNC_PASSWORD, SYNC_PASSWORD,
                CrmDatabase.Kind.POSTGRES::stored);
        try (Browser browser = new Browser("en", projectDir.resolve("target/screenshots"))) {
            pair.addFields(table, Direction.UPLOAD, Direction.DOWNLOAD, java.util.List.of("name", "phone"));
            ClientsTable.insert(dbA, table, Map.of("name", "q-long", "phone", "+7 495 123-45-67 " + XSS));
            ClientsTable.insert(dbA, table, Map.of("name", "q-ok", "phone", "1"));
            await("q-ok in B").atMost(SYNC_TIMEOUT).pollInterval(Duration.ofMillis(500))
                    .until(() -> ClientsTable.countNamed(dbB, table, "q-ok") == 1);

            SettingsPages pages = new SettingsPages(browser, ADMIN_USER, ADMIN_PASSWORD);
            WebDriver d = browser.driver();
            pages.open(b, "/settings");
            WebElement link = pages.syncRow("Quarantine page").findElement(By.className("quarantine-link"));
            assertThat(link.getText()).isEqualTo("Quarantine (1)");
            assertThat(pages.syncRow("Quarantine page").findElement(By.className("status-refused")).getText())
                    .contains("1");
            pages.clickAndWaitForNextPage(link);
            WebElement entry = d.findElement(By.cssSelector("#quarantine tr.entry"));
            assertThat(entry.findElement(By.className("reason")).getText()).containsIgnoringCase("too long");
            assertThat(entry.findElement(By.className("values")).getText()).contains(XSS);
            assertThatNoAlert(d);
            browser.screenshot("en-8-b-quarantine");

            // Retried before the cause is fixed: refused again, still there.
            pages.clickAndWaitForNextPage(entry.findElement(By.cssSelector("button[id^=retry-]")));
            assertThat(d.findElement(By.id("retried")).getText()).isEqualTo("Retried: 0 applied, 1 refused again.");
            assertThat(d.findElements(By.cssSelector("#quarantine tr.entry"))).hasSize(1);

            // Fixed in B's table: "Retry all" applies it; the page is empty and the row is in B once.
            dbB.exec("ALTER TABLE " + table + " ALTER COLUMN phone TYPE varchar(50)");
            pages.clickAndWaitForNextPage(d.findElement(By.id("retry-all")));
            assertThat(d.findElement(By.id("retried")).getText()).isEqualTo("Retried: 1 applied, 0 refused again.");
            assertThat(d.findElements(By.id("no-entries"))).hasSize(1);
            browser.screenshot("en-9-b-quarantine-retried");
            assertThat(ClientsTable.value(dbB, table, "q-long", "phone")).isEqualTo("+7 495 123-45-67 " + XSS);
            assertThat(ClientsTable.countNamed(dbB, table, "q-long")).isEqualTo(1);
            pages.open(b, "/settings");
            assertThat(pages.syncRow("Quarantine page").findElements(By.className("quarantine-link"))).isEmpty();
        } finally {
            pair.delete();
        }
    }

    @Test
    void theSyncFormSavesTheConflictPolicyAndAPassiveSyncShowsTheOneItsActivePeerTold() {
        AdminClient adminB = new AdminClient(b.baseUrl(), ADMIN_USER, ADMIN_PASSWORD);
        SyncPair pair = SyncPair.create(adminA, adminB, "Policy page", SYNC_PASSWORD, SYNC_PASSWORD,
                CrmDatabase.Kind.POSTGRES::stored);
        try (Browser browser = new Browser("ru", projectDir.resolve("target/screenshots"))) {
            SettingsPages pages = new SettingsPages(browser, ADMIN_USER, ADMIN_PASSWORD);
            WebDriver d = browser.driver();

            // A (active): the form shows the saved policy, saves another; the list and GET /syncs show it.
            pages.open(a, "/settings?edit=" + pair.activeId);
            assertThat(d.findElement(By.cssSelector("label[for=conflictPolicy]")).getText()).isEqualTo("При конфликте побеждает");
            Select policy = new Select(d.findElement(By.id("conflictPolicy")));
            assertThat(policy.getOptions().stream().map(WebElement::getText))
                    .containsExactly("более новое изменение", "активная сторона", "пассивная сторона");
            assertThat(policy.getFirstSelectedOption().getAttribute("value")).isEqualTo("NEWEST_WINS");
            assertThat(d.findElement(By.id("policy-note")).isDisplayed()).isFalse();
            policy.selectByValue("ACTIVE_WINS");
            pages.save();
            WebElement cell = pages.syncRow("Policy page").findElement(By.className("policy"));
            assertThat(cell.getAttribute("data-policy")).isEqualTo("ACTIVE_WINS");
            assertThat(cell.getText()).isEqualTo("активная сторона");
            assertThat(adminA.sync(pair.activeId).getString("conflictPolicy")).isEqualTo("ACTIVE_WINS");
            pages.open(a, "/settings?edit=" + pair.activeId);
            assertThat(new Select(d.findElement(By.id("conflictPolicy"))).getFirstSelectedOption().getAttribute("value"))
                    .isEqualTo("ACTIVE_WINS");

            // B (passive): its own setting stays PASSIVE_WINS, but it applies what A told it, and says so.
            adminB.updateSync(pair.passiveId, JsonSupport.object().add("conflictPolicy", "PASSIVE_WINS").build());
            await("B learns A's policy").atMost(SYNC_TIMEOUT).pollInterval(Duration.ofMillis(500))
                    .until(() -> adminB.sync(pair.passiveId).getString("conflictPolicy"), "ACTIVE_WINS"::equals);
            pages.open(b, "/settings?edit=" + pair.passiveId);
            assertThat(new Select(d.findElement(By.id("conflictPolicy"))).getFirstSelectedOption().getAttribute("value"))
                    .isEqualTo("PASSIVE_WINS");
            assertThat(d.findElement(By.id("policy-note")).isDisplayed()).isTrue();
            assertThat(d.findElement(By.id("learned-policy")).getText())
                    .isEqualTo("Активная программа задала: активная сторона.");
            d.findElement(By.id("mode-ACTIVE")).click();
            assertThat(d.findElement(By.id("policy-note")).isDisplayed()).isFalse();
            d.findElement(By.id("mode-PASSIVE")).click();
            assertThat(d.findElement(By.id("policy-note")).isDisplayed()).isTrue();
            scrollTo(d, d.findElement(By.id("conflictPolicy")));
            browser.screenshot("ru-10-b-passive-policy");
            WebElement passiveCell = pages.syncRow("Policy page").findElement(By.className("policy"));
            assertThat(passiveCell.getAttribute("data-policy")).isEqualTo("ACTIVE_WINS");
            assertThat(passiveCell.getText()).contains("как задано в активной программе");
        } finally {
            pair.delete();
        }
    }

    @Test
    void theConflictFilterShowsOnlyConflictsWithTheKeptAndTheLostValueSideBySide() {
        String table = "clients_conflicts";
        String branchA = "9f3c1a2b-0000-4000-8000-00000000000a";
        String branchC = "7e1d2c3b-1111-4222-8333-444455556666";
        String lostValue = "+7 495 000-00-00 " + XSS + " " + "очень длинное значение ".repeat(12).strip();
        dbB.exec("INSERT INTO crmsync_origin(origin, name) VALUES (?, ?)", branchA, "Филиал А");
        String detail = JsonSupport.object()
                .add("kept", JsonSupport.object().add("value", "+7 495 111-22-33").add("at", "2026-01-31T10:00:05Z")
                        .add("origin", branchA))
                .add("lost", JsonSupport.object().add("value", lostValue).add("at", "2026-01-31T10:00:03Z")
                        .add("origin", branchC))
                .add("rule", "NEWEST_WINS").build().toString();
        Timestamp now = Timestamp.valueOf(LocalDateTime.now(ZoneOffset.UTC));
        String insert = "INSERT INTO crmsync_log(at, sync_id, sync_name, direction, tbl, record_id, col, old_value,"
                + " new_value, origin, conflict_detail) VALUES (?, 999999, 'Conflicts', 'IN', ?, '7', 'phone', ?, ?, ?, ?)";
        dbB.exec(insert.replace(", ?)", ", NULL)"), now, table, "+7 495 111-00-00", "+7 495 111-22-33", branchA);
        dbB.exec(insert, now, table, "+7 495 111-22-33", "+7 495 111-22-33", branchA, detail);
        try (Browser browser = new Browser("en", projectDir.resolve("target/screenshots"))) {
            SettingsPages pages = new SettingsPages(browser, ADMIN_USER, ADMIN_PASSWORD);
            WebDriver d = browser.driver();
            pages.open(b, "/settings/log?table=" + table);
            assertThat(d.findElements(By.cssSelector("#log tr.log-row"))).hasSize(2);
            assertThat(d.findElements(By.cssSelector("#log tr.log-row td.origin")).stream().map(WebElement::getText))
                    .containsOnly("Филиал А");

            d.findElement(By.id("conflict")).click();
            pages.clickAndWaitForNextPage(d.findElement(By.id("filter")));
            assertThat(d.findElement(By.id("conflict")).isSelected()).isTrue();
            WebElement row = d.findElement(By.cssSelector("#log tr.log-row"));
            assertThat(d.findElements(By.cssSelector("#log tr.log-row"))).hasSize(1);
            assertThat(row.getAttribute("class")).contains("conflict");
            assertThat(row.findElement(By.className("badge")).getText()).isEqualTo("Conflict");
            WebElement kept = d.findElement(By.cssSelector("#log tr.conflict-detail .side.kept"));
            WebElement lost = d.findElement(By.cssSelector("#log tr.conflict-detail .side.lost"));
            assertThat(kept.findElement(By.className("value")).getText()).isEqualTo("+7 495 111-22-33");
            assertThat(kept.findElement(By.className("program")).getText()).isEqualTo("Филиал А");
            assertThat(kept.findElement(By.className("at")).getText()).contains("2026");
            assertThat(lost.findElement(By.className("value")).getText()).isEqualTo(lostValue);
            assertThat(lost.findElement(By.className("program")).getText()).isEqualTo("7e1d2c3b…");
            assertThat(lost.findElement(By.className("program")).getAttribute("title")).isEqualTo(branchC);
            assertThat(d.findElement(By.cssSelector("#log tr.conflict-detail .rule")).getText())
                    .isEqualTo("Rule: on conflict, keep the newer edit.");
            assertThatSideBySide(kept, lost, 1280);
            assertThatNoAlert(d);
            scrollTo(d, row);
            browser.screenshot("en-11-b-log-conflicts");

            // At phone width: still side by side, within the screen, the long value wrapped.
            d.manage().window().setSize(new Dimension(390, 844));
            assertThatSideBySide(kept, lost, ((Number) ((JavascriptExecutor) d)
                    .executeScript("return document.documentElement.clientWidth;")).intValue());
            scrollTo(d, row);
            browser.screenshot("en-11-b-log-conflicts-phone-width");
        } finally {
            dbB.exec("DELETE FROM crmsync_log WHERE tbl = ?", table);
            dbB.exec("DELETE FROM crmsync_origin WHERE origin = ?", branchA);
        }
    }

    private static void scrollTo(WebDriver d, WebElement e) {
        ((JavascriptExecutor) d).executeScript("arguments[0].scrollIntoView({block: 'start'});", e);
    }

    private static void assertThatSideBySide(WebElement kept, WebElement lost, int viewportWidth) {
        org.openqa.selenium.Rectangle k = kept.getRect();
        org.openqa.selenium.Rectangle l = lost.getRect();
        assertThat(l.getY()).as("both values on one line").isEqualTo(k.getY());
        assertThat(l.getX()).as("kept left, lost right").isGreaterThanOrEqualTo(k.getX() + k.getWidth());
        assertThat(l.getX() + l.getWidth()).as("within the screen").isLessThanOrEqualTo(viewportWidth);
    }

    @Test
    void thePassiveFieldsPageShowsHowEachFieldIsMatchedSavesAllNumbersWithOneButtonAndSaysWhyNoFieldIsLeft() {
        String table = "clients_match";
        ClientsTable.create(dbB, table);
        AdminClient adminB = new AdminClient(b.baseUrl(), ADMIN_USER, ADMIN_PASSWORD);
        String id = AdminClient.idOf(adminB.createSync(AdminClient.syncBody("Matching page", "PASSIVE", 5, SYNC_PASSWORD, null)));
        try (Browser browser = new Browser("en", projectDir.resolve("target/screenshots"))) {
            SettingsPages pages = new SettingsPages(browser, ADMIN_USER, ADMIN_PASSWORD);
            WebDriver d = browser.driver();
            int name = adminB.addField(id, table, "name", Direction.BOTH, null).getInt("number");
            int phone = adminB.addField(id, table, "phone", Direction.BOTH, 7).getInt("number");
            int note = adminB.addField(id, table, "note", Direction.BOTH, null).getInt("number");

            // How each field is matched now: by name (and to which field), or by the number set.
            pages.open(b, "/settings/fields?sync=" + id + "&table=" + table);
            assertThat(d.findElement(By.id("match-" + name)).getAttribute("data-match")).isEqualTo("name");
            assertThat(d.findElement(By.id("match-" + name)).getText()).startsWith("by name: clients_match.name in the active program");
            assertThat(d.findElement(By.id("match-" + phone)).getAttribute("data-match")).isEqualTo("number");
            assertThat(d.findElement(By.id("match-" + phone)).getText()).isEqualTo("by number: field No. 7 of the active program");
            // One Save for every number, none per row.
            assertThat(d.findElements(By.cssSelector("#fields input.remote-number[form=mappings]"))).hasSize(3);
            assertThat(d.findElements(By.className("save-remote"))).isEmpty();
            assertThat(d.findElements(By.id("save-mappings"))).hasSize(1);
            pages.type("remote-" + name, "3");
            d.findElement(By.id("remote-" + phone)).clear();
            pages.type("remote-" + note, "12");
            pages.clickAndWaitForNextPage(d.findElement(By.id("save-mappings")));
            Map<Integer, JsonObject> saved = new LinkedHashMap<>();
            adminB.fields(id).forEach(f -> saved.put(f.asJsonObject().getInt("number"), f.asJsonObject()));
            assertThat(saved.get(name).getInt("remoteNumber")).isEqualTo(3);
            assertThat(saved.get(phone).isNull("remoteNumber")).isTrue();
            assertThat(saved.get(note).getInt("remoteNumber")).isEqualTo(12);
            assertThat(d.findElement(By.id("match-" + name)).getText()).isEqualTo("by number: field No. 3 of the active program");
            assertThat(d.findElement(By.id("match-" + phone)).getText()).startsWith("by name: clients_match.phone");
            assertThat(d.findElement(By.id("remote-" + note)).getAttribute("value")).isEqualTo("12");
            browser.screenshot("en-12-b-fields-matched");
            d.manage().window().setSize(new Dimension(390, 844));
            for (int n : new int[] {name, phone, note}) {
                assertThatWithinScreen(d, d.findElement(By.id("remote-" + n)));
                assertThatWithinScreen(d, d.findElement(By.id("match-" + n)));
            }
            scrollTo(d, d.findElement(By.id("save-mappings")));
            assertThatWithinScreen(d, d.findElement(By.id("save-mappings")));
            browser.screenshot("en-12-b-fields-matched-phone-width");
            d.manage().window().setSize(new Dimension(1280, 1100));

            // Every column added: the field select says why instead of being blank, and Add is off.
            adminB.addTable(id, table, Direction.BOTH, null);
            pages.open(b, "/settings/fields?sync=" + id + "&table=" + table);
            assertThat(new Select(d.findElement(By.id("column"))).getFirstSelectedOption().getText())
                    .isEqualTo("— every field is already added —");
            assertThat(d.findElement(By.id("column-note")).getText()).startsWith("Every field of clients_match that can be synced");
            assertThat(d.findElement(By.id("add-field")).isEnabled()).isFalse();
            scrollTo(d, d.findElement(By.id("add-title")));
            browser.screenshot("en-13-b-fields-none-left");
        } finally {
            adminB.deleteSync(id);
        }
    }

    @Test
    void everyErrorOfTheSyncFormShowsAtOnceInThePagesLanguageTheFolderErrorsWithTheOthers() throws Exception {
        Path up = java.nio.file.Files.createTempDirectory("crmsync-it-ui-up-");
        Path down = java.nio.file.Files.createTempDirectory("crmsync-it-ui-down-");
        Path missing = Path.of("/tmp/crmsync-it-ui-missing-" + java.util.UUID.randomUUID());
        String taken = AdminClient.idOf(adminA.createSync(JsonSupport.object().add("name", "Folders taken").add("mode", "PASSIVE")
                .add("transport", "LOCAL").add("periodSeconds", 5).add("password", SYNC_PASSWORD)
                .add("local", JsonSupport.object().add("uploadDir", up.toString()).add("downloadDir", down.toString())).build()));
        int before = adminA.syncs().size();
        try (Browser browser = new Browser("ru", projectDir.resolve("target/screenshots"))) {
            SettingsPages pages = new SettingsPages(browser, ADMIN_USER, ADMIN_PASSWORD);
            WebDriver d = browser.driver();
            for (String lang : new String[] {"ru", "en"}) {
                pages.open(a, "/settings?lang=" + lang);
                pages.fillSync("", "ACTIVE", "LOCAL", "short", "0");
                pages.type("localUploadFolder", missing.toString());
                pages.type("localDownloadFolder", up.toString());
                pages.submit();
                Map<String, String> shown = new LinkedHashMap<>();
                for (String input : new String[] {"name", "password", "periodSeconds", "localUploadFolder", "localDownloadFolder"}) {
                    shown.put(input, d.findElements(By.id(input + "-error")).stream().map(WebElement::getText).findFirst().orElse(null));
                }
                if (lang.equals("ru")) {
                    assertThat(shown).containsEntry("name", "Обязательное поле.")
                            .containsEntry("localUploadFolder", "Папка " + missing + " не существует (сначала создайте её).")
                            .containsEntry("localDownloadFolder", "Папка " + up + " уже используется синхронизацией «Folders taken»:"
                                    + " для каждой синхронизации нужны отдельные папки загрузки и выгрузки.");
                    assertThat(shown.get("password")).startsWith("Не менее 8 символов");
                    assertThat(shown.get("periodSeconds")).startsWith("Целое число от 1 до");
                } else {
                    assertThat(shown).containsEntry("name", "Required.")
                            .containsEntry("localUploadFolder", "Folder " + missing + " does not exist (create it first).")
                            .containsEntry("localDownloadFolder", "Folder " + up + " is already used by sync \"Folders taken\":"
                                    + " each sync needs its own upload and download folders.");
                    assertThat(shown.get("password")).startsWith("At least 8 characters");
                    assertThat(shown.get("periodSeconds")).isEqualTo("A whole number from 1 to 86,400.");
                }
                assertThat(d.findElement(By.id("localUploadFolder")).getAttribute("value")).isEqualTo(missing.toString());
                scrollTo(d, d.findElement(By.id("form-title")));
                browser.screenshot(lang + "-14-a-all-errors-at-once");
            }
            assertThat(adminA.syncs()).hasSize(before);
        } finally {
            adminA.deleteSync(taken);
            java.nio.file.Files.deleteIfExists(up);
            java.nio.file.Files.deleteIfExists(down);
        }
    }

    @Test
    void theLogPageHasACompactFilterBarTimesInTheBrowsersZoneReadableValuesAndWorksAtPhoneWidth() {
        String table = "clients_log";
        ClientsTable.create(dbB, table);
        String branch = "5a5a5a5a-0000-4000-8000-00000000005a";
        String longValue = "ABCDEFGHIJ".repeat(200);
        AdminClient adminB = new AdminClient(b.baseUrl(), ADMIN_USER, ADMIN_PASSWORD);
        String syncId = AdminClient.idOf(adminB.createSync(AdminClient.syncBody("Phone list", "PASSIVE", 5, SYNC_PASSWORD, null)));
        dbB.exec("INSERT INTO crmsync_origin(origin, name) VALUES (?, ?)", branch, "Филиал Лог");
        String insert = "INSERT INTO crmsync_log(at, sync_id, sync_name, direction, tbl, record_id, col, old_value,"
                + " new_value, origin) VALUES (?, 999998, 'Log page', 'IN', ?, ?, ?, ?, ?, ?)";
        // 10:00:05 UTC on Jan 31 is 20:00:05 in Vladivostok (UTC+10); 15:00 UTC on Jan 30 is Jan 31 there,
        // 20:00 UTC on Jan 31 is Feb 1 there.
        dbB.exec(insert, Timestamp.valueOf("2026-01-31 10:00:05"), table, "1", "vip", "false", "true", branch);
        dbB.exec(insert, Timestamp.valueOf("2026-01-30 15:00:00"), table, "2", "note", null, longValue, branch);
        dbB.exec(insert, Timestamp.valueOf("2026-01-31 20:00:00"), table, "3", "phone", "+7 1", "+7 2", branch);
        try (Browser browser = new Browser("en", projectDir.resolve("target/screenshots"))) {
            SettingsPages pages = new SettingsPages(browser, ADMIN_USER, ADMIN_PASSWORD);
            Layout d = new Layout(browser);
            pages.open(b, "/settings");
            browser.driver().executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", "Asia/Vladivostok"));
            pages.open(b, "/settings/log?table=" + table);
            WebDriver w = browser.driver();
            assertThat(w.findElements(By.cssSelector("#log tr.log-row"))).hasSize(3);
            WebElement vip = logRow(w, "vip");
            WebElement at = vip.findElement(By.cssSelector("td.at time"));
            assertThat(at.getAttribute("data-zone")).isEqualTo("Asia/Vladivostok");
            assertThat(at.getText()).contains("Jan 31, 2026").contains("8:00:05");
            assertThat(vip.findElement(By.className("new")).getText()).isEqualTo("✓ yes");
            assertThat(vip.findElement(By.className("old")).getText()).isEqualTo("✗ no");
            assertThat(vip.findElement(By.className("origin")).getText()).isEqualTo("Филиал Лог");
            WebElement longRow = logRow(w, "note");
            assertThat(longRow.findElement(By.className("old")).getText()).isEqualTo("—");
            assertThat(longRow.getRect().getHeight()).as("a long value does not make a tall row").isLessThan(150);
            assertThat(longRow.findElement(By.cssSelector("td.new summary")).getText()).endsWith("show all 2,000 characters");
            longRow.findElement(By.cssSelector("td.new summary")).click();
            assertThat(longRow.findElement(By.cssSelector("td.new .full")).getText()).isEqualTo(longValue);
            // The filters: one compact bar, the rows on the first screen.
            assertThat(w.findElement(By.id("log-filters")).getRect().getHeight()).as("filter bar height").isLessThan(160);
            browser.screenshot("en-15-b-log-readable");

            // Dates are days in the browser's zone: Jan 31 there holds the first two rows, not the third.
            ((JavascriptExecutor) w).executeScript("document.getElementById('from').value = '2026-01-31';"
                    + "document.getElementById('to').value = '2026-01-31';");
            pages.clickAndWaitForNextPage(w.findElement(By.id("filter")));
            assertThat(w.findElements(By.cssSelector("#log tr.log-row td.column")).stream().map(WebElement::getText))
                    .containsExactlyInAnyOrder("vip", "note");

            // Phone width: the bar takes a third of the screen at most, rows and list links lie within it.
            w.manage().window().setSize(new Dimension(390, 844));
            int width = d.clientWidth();
            int height = d.clientHeight();
            assertThat(w.findElement(By.id("log-filters")).getRect().getHeight()).as("filter bar at phone width")
                    .isLessThan(height / 3);
            assertThat(w.findElement(By.cssSelector("#log tr.log-row")).getRect().getY()).as("first row on the first screen")
                    .isLessThan(height);
            for (WebElement cell : w.findElements(By.cssSelector("#log tr.log-row td"))) {
                assertThatWithinScreen(w, cell);
            }
            assertThat(d.scrollWidth()).as("no sideways scrolling").isLessThanOrEqualTo(width);
            browser.screenshot("en-15-b-log-phone-width");
            pages.open(b, "/settings");
            WebElement row = pages.syncRow("Phone list");
            for (String link : new String[] {"fields-link", "log-link", "edit-link"}) {
                WebElement e = row.findElement(By.className(link));
                assertThat(e.isDisplayed()).as(link).isTrue();
                assertThatWithinScreen(w, e);
            }
            assertThat(d.scrollWidth()).as("no sideways scrolling").isLessThanOrEqualTo(d.clientWidth());
            browser.screenshot("en-16-b-list-phone-width");
            pages.clickAndWaitForNextPage(pages.syncRow("Phone list").findElement(By.className("fields-link")));
            assertThat(w.getCurrentUrl()).contains("/settings/fields?sync=" + syncId);
        } finally {
            adminB.deleteSync(syncId);
            dbB.exec("DELETE FROM crmsync_log WHERE tbl = ?", table);
            dbB.exec("DELETE FROM crmsync_origin WHERE origin = ?", branch);
        }
    }

    @Test
    void theFieldsPageWarnsAsTheProductPageWhenSystemFieldsAreMissingAndLetsThemBeChosen() {
        String bare = "clients_bare";
        String full = "clients_sysf";
        dbB.exec("CREATE TABLE " + bare + " (id serial PRIMARY KEY, name varchar(200), state integer, made_at timestamp(6))");
        ClientsTable.create(dbB, full);
        AdminClient adminB = new AdminClient(b.baseUrl(), ADMIN_USER, ADMIN_PASSWORD);
        String id = AdminClient.idOf(adminB.createSync(AdminClient.syncBody("System fields", "PASSIVE", 5, SYNC_PASSWORD, null)));
        try (Browser browser = new Browser("ru", projectDir.resolve("target/screenshots"))) {
            SettingsPages pages = new SettingsPages(browser, ADMIN_USER, ADMIN_PASSWORD);
            WebDriver d = browser.driver();
            adminB.addTable(id, bare, Direction.BOTH, null);
            adminB.addField(id, full, "name", Direction.BOTH, null);

            // Per table of the sync: the bare table is warned about, the one with the usual names is not.
            pages.open(b, "/settings/fields?sync=" + id);
            assertThat(d.findElement(By.id("warn-clients_bare-status")).getText())
                    .startsWith("Внимание! В таблице clients_bare нет поля «Статус записи»")
                    .contains("необходимо добавить системные поля «Время добавления» и «Статус записи»");
            assertThat(d.findElement(By.id("warn-clients_bare-added")).getText())
                    .startsWith("Внимание! В таблице clients_bare нет поля «Время добавления»");
            assertThat(d.findElements(By.cssSelector("[id^=warn-clients_sysf]"))).isEmpty();

            pages.chooseTable(bare);
            assertThat(d.findElement(By.id("status-state")).getText()).isEqualTo("Статус записи: нет");
            browser.screenshot("ru-17-b-system-fields-missing");
            new Select(d.findElement(By.id("statusColumn"))).selectByValue("state");
            pages.type("deletedValue", "9");
            new Select(d.findElement(By.id("addedTimeColumn"))).selectByValue("made_at");
            pages.clickAndWaitForNextPage(d.findElement(By.id("save-system-fields")));
            assertThat(d.findElements(By.cssSelector("[id^=warn-clients_bare]"))).isEmpty();
            assertThat(d.findElement(By.id("status-state")).getText()).isEqualTo("Статус записи: state (выбрано)");
            assertThat(d.findElement(By.id("added-state")).getText()).isEqualTo("Время добавления: made_at (выбрано)");
            JsonObject settings = adminB.send("GET", "/syncs/" + id + "/tables", null).json().asJsonArray().stream()
                    .map(JsonValue::asJsonObject).filter(t -> t.getString("table").equalsIgnoreCase(bare)).findFirst().orElseThrow();
            assertThat(settings.getString("statusColumn")).isEqualTo("state");
            assertThat(settings.getString("deletedValue")).isEqualTo("9");
            assertThat(settings.getString("addedTimeColumn")).isEqualTo("made_at");

            pages.chooseTable(full);
            assertThat(d.findElement(By.id("status-state")).getText()).isEqualTo("Статус записи: record_status (найдено по названию)");
            assertThat(d.findElement(By.id("added-state")).getText()).isEqualTo("Время добавления: added_at (найдено по названию)");
            d.manage().window().setSize(new Dimension(390, 844));
            scrollTo(d, d.findElement(By.id("system-fields")));
            assertThatWithinScreen(d, d.findElement(By.id("save-system-fields")));
            browser.screenshot("ru-17-b-system-fields-phone-width");
        } finally {
            adminB.deleteSync(id);
        }
    }

    /** The log page's row of a column. */
    private static WebElement logRow(WebDriver d, String column) {
        return d.findElements(By.cssSelector("#log tr.log-row")).stream()
                .filter(r -> column.equals(r.findElement(By.className("column")).getText())).findFirst()
                .orElseThrow(() -> new AssertionError("no log row of " + column));
    }

    /** The element lies within the window's width (not off to the right, where a phone needs sideways scrolling). */
    private static void assertThatWithinScreen(WebDriver d, WebElement e) {
        int width = ((Number) ((JavascriptExecutor) d).executeScript("return document.documentElement.clientWidth;")).intValue();
        org.openqa.selenium.Rectangle r = e.getRect();
        assertThat(r.getX()).as("left edge of " + e.getTagName() + "." + e.getAttribute("class")).isGreaterThanOrEqualTo(0);
        assertThat(r.getX() + r.getWidth()).as("right edge of " + e.getTagName() + "." + e.getAttribute("class"))
                .isLessThanOrEqualTo(width);
    }

    /** Sizes of the page as the browser lays it out. */
    private record Layout(Browser browser) {
        int clientWidth() {
            return number("return document.documentElement.clientWidth;");
        }

        int clientHeight() {
            return number("return document.documentElement.clientHeight;");
        }

        int scrollWidth() {
            return number("return document.documentElement.scrollWidth;");
        }

        private int number(String script) {
            return ((Number) browser.driver().executeScript(script)).intValue();
        }
    }

    @Test
    void theProgramsAddressLeadsToTheSettingsPage() throws Exception {
        HttpResponse<String> r = http(HttpClient.newHttpClient(), "GET", a.baseUrl() + "/crmsync/", null, null);
        assertThat(r.statusCode()).as(r.toString()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location").orElse("")).endsWith("/crmsync/settings");
    }

    @Test
    void thePageRefusesRequestsWithoutLogin() throws Exception {
        HttpResponse<String> r = http(HttpClient.newHttpClient(), "GET", a.baseUrl() + "/crmsync/settings", null, null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
        HttpResponse<String> wrong = http(HttpClient.newHttpClient(), "GET", a.baseUrl() + "/crmsync/settings/log",
                "Basic " + Base64.getEncoder().encodeToString("it-admin:wrong".getBytes(StandardCharsets.UTF_8)), null);
        assertThat(wrong.statusCode()).isEqualTo(401);
    }

    @Test
    void aFormPostWithoutTheRightCsrfTokenIsRefusedAndSavesNothing() throws Exception {
        HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        String auth = "Basic " + Base64.getEncoder().encodeToString((ADMIN_USER + ":" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
        String url = a.baseUrl() + "/crmsync/settings";
        Map<String, String> form = new LinkedHashMap<>(Map.of("name", "Forged", "mode", "PASSIVE", "transport", "HTTP",
                "password", "forged-Secret-1", "periodSeconds", "5"));
        // A foreign page's POST: the browser sends the Basic credentials, but no token (no session either).
        assertThat(http(client, "POST", url, auth, form).statusCode()).isEqualTo(403);
        // With the session of a page opened before, but a guessed token.
        String page = http(client, "GET", url, auth, null).body();
        form.put("_csrf", "guessed");
        assertThat(http(client, "POST", url, auth, form).statusCode()).isEqualTo(403);
        assertThat(adminA.syncs().toString()).doesNotContain("Forged");
        // The same POST with the page's token is accepted: the refusals above were for the token only.
        Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page);
        assertThat(m.find()).isTrue();
        form.put("_csrf", m.group(1));
        form.put("name", "Genuine");
        assertThat(http(client, "POST", url, auth, form).statusCode()).isIn(302, 303);
        JsonValue genuine = adminA.syncs().stream()
                .filter(s -> "Genuine".equals(s.asJsonObject().getString("name"))).findFirst().orElseThrow();
        adminA.deleteSync(AdminClient.idOf(genuine.asJsonObject()));
    }

    @Test
    void theDemoCrmPageEditsAClientAndLinksToTheSettingsPage() {
        try (Browser browser = new Browser("ru", projectDir.resolve("target/screenshots"))) {
            SettingsPages pages = new SettingsPages(browser, ADMIN_USER, ADMIN_PASSWORD);
            WebDriver d = browser.driver();
            pages.open(a, "/demo-crm");
            pages.clickAndWaitForNextPage(d.findElement(By.linkText("Изменить")));
            pages.type("phone", "+7 495 999-99-99");
            pages.clickAndWaitForNextPage(d.findElement(By.cssSelector("form.card button[type=submit]")));
            await().atMost(Duration.ofSeconds(10)).until(
                    () -> "+7 495 999-99-99".equals(dbA.queryScalar("SELECT phone FROM clients WHERE name = ?", "ООО «Ромашка»")));
            browser.screenshot("demo-crm");
            d.findElement(By.xpath("//summary[text()='Настройки']")).click();
            pages.clickAndWaitForNextPage(d.findElement(By.id("menu-sync")));
            assertThat(d.getCurrentUrl()).endsWith("/crmsync/settings");
            assertThat(d.findElement(By.tagName("h1")).getText()).isEqualTo("Синхронизация");
        }
        // Off unless crmsync.demo.crm is true: B does not have it.
        assertThat(httpStatus(b.baseUrl() + "/crmsync/demo-crm")).isEqualTo(404);
    }

    private static int httpStatus(String url) {
        try {
            String auth = "Basic " + Base64.getEncoder().encodeToString((ADMIN_USER + ":" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
            return http(HttpClient.newHttpClient(), "GET", url, auth, null).statusCode();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theMenuEntryIsPublic() throws Exception {
        HttpResponse<String> r = http(HttpClient.newHttpClient(), "GET", b.baseUrl() + "/crmsync/api/menu", null, null);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonObject menu = JsonSupport.parse(r.body()).asJsonObject();
        assertThat(menu.getJsonObject("title").getString("ru")).isEqualTo("Синхронизация");
        assertThat(menu.getJsonObject("title").getString("en")).isEqualTo("Synchronization");
        assertThat(menu.getJsonObject("path").getJsonArray("ru").toString()).contains("Настройки", "Дополнительно");
        assertThat(menu.getString("url")).isEqualTo("/crmsync/settings");
    }

    private static void assertThatNoAlert(WebDriver d) {
        try {
            d.switchTo().alert();
            throw new AssertionError("a script from a synced value ran (alert open)");
        } catch (NoAlertPresentException expected) {
            // the value was shown as text
        }
    }

    private static HttpResponse<String> http(HttpClient client, String method, String url, String auth, Map<String, String> form)
            throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (auth != null) {
            r.header("Authorization", auth);
        }
        if (form != null) {
            StringBuilder body = new StringBuilder();
            form.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                    .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
            r.header("Content-Type", "application/x-www-form-urlencoded").method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        } else {
            r.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return client.send(r.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
