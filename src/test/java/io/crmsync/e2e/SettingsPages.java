package io.crmsync.e2e;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/** What an administrator does on the settings pages, in terms of the pages' inputs and links. */
final class SettingsPages {
    private static final Duration PAGE = Duration.ofSeconds(30);

    private final WebDriver d;
    private final String user;
    private final String password;

    SettingsPages(Browser browser, String user, String password) {
        this.d = browser.driver();
        this.user = user;
        this.password = password;
    }

    /** Opens a page with the credentials in the URL; Chromium then keeps them for the origin. */
    void open(ProgramProcess program, String path) {
        markPage();
        d.get("http://" + user + ":" + password + "@127.0.0.1:" + program.port() + "/crmsync" + path);
        waitForNextPage(PAGE);
    }

    void fillSync(String name, String mode, String transport, String syncPassword, String period) {
        type("name", name);
        d.findElement(By.id("mode-" + mode)).click();
        new Select(d.findElement(By.id("transport"))).selectByValue(transport);
        type("password", syncPassword);
        type("periodSeconds", period);
    }

    void type(String id, String text) {
        WebElement e = d.findElement(By.id(id));
        e.clear();
        e.sendKeys(text);
    }

    /** Submits the sync form and waits for the page that answers. */
    void submit() {
        clickAndWaitForNextPage(d.findElement(By.id("save")));
    }

    /** Submits the sync form and expects it saved. */
    void save() {
        submit();
        if (d.findElements(By.id("saved")).isEmpty()) {
            throw new AssertionError("the sync was not saved; errors on the page: "
                    + d.findElements(By.className("error")).stream().map(WebElement::getText).toList());
        }
    }

    WebElement syncRow(String name) {
        for (WebElement row : d.findElements(By.cssSelector("#syncs tbody tr"))) {
            if (name.equals(row.getAttribute("data-name"))) {
                return row;
            }
        }
        throw new NoSuchElementException("no sync row named " + name + " on " + d.getCurrentUrl());
    }

    /** Reloads the list until the sync has the green tick. */
    void awaitGreenTick(ProgramProcess program, String name, Duration timeout) {
        await("green tick of " + name).atMost(timeout).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() -> {
            open(program, "/settings");
            return !syncRow(name).findElements(By.className("status-ok")).isEmpty();
        });
    }

    void chooseTable(String table) {
        markPage();
        new Select(d.findElement(By.id("table"))).selectByValue(table);
        // The select submits itself (the script); without it the button does.
        try {
            waitForNextPage(Duration.ofSeconds(5));
        } catch (org.openqa.selenium.TimeoutException noScript) {
            clickAndWaitForNextPage(d.findElement(By.id("show-table")));
        }
        new WebDriverWait(d, PAGE).until(ExpectedConditions.presenceOfElementLocated(By.id("add-field-form")));
    }

    /** Adds a field with the add form; returns its number as the list shows it. */
    int addField(String column, String direction, Integer remoteNumber) {
        new Select(d.findElement(By.id("column"))).selectByValue(column);
        new Select(d.findElement(By.id("direction"))).selectByValue(direction);
        if (remoteNumber != null) {
            type("remoteNumber", remoteNumber.toString());
        }
        clickAndWaitForNextPage(d.findElement(By.id("add-field")));
        WebElement row = fieldRow(column);
        if (!direction.equals(row.getAttribute("data-direction"))) {
            throw new AssertionError("field " + column + " has direction " + row.getAttribute("data-direction"));
        }
        if (row.findElements(By.className("icon")).isEmpty()) {
            throw new AssertionError("field " + column + " has no direction icon");
        }
        return Integer.parseInt(row.findElement(By.className("number")).getText().trim());
    }

    /** Clicks the arrows icon of a field and picks another direction. */
    void changeDirection(int number, String direction) {
        WebElement row = d.findElement(By.id("field-" + number));
        row.findElement(By.tagName("summary")).click();
        new Select(row.findElement(By.id("dir-" + number))).selectByValue(direction);
        clickAndWaitForNextPage(row.findElement(By.className("set-direction")));
        String now = d.findElement(By.id("field-" + number)).getAttribute("data-direction");
        if (!direction.equals(now)) {
            throw new AssertionError("field " + number + " has direction " + now + " instead of " + direction);
        }
    }

    /** Types the active side's field number next to a field on the passive side and saves the numbers. */
    void mapRemote(int number, int remoteNumber) {
        type("remote-" + number, Integer.toString(remoteNumber));
        clickAndWaitForNextPage(d.findElement(By.id("save-mappings")));
        String now = d.findElement(By.id("remote-" + number)).getAttribute("value");
        if (!Integer.toString(remoteNumber).equals(now)) {
            throw new AssertionError("field " + number + " is mapped to " + now);
        }
        String match = d.findElement(By.id("match-" + number)).getAttribute("data-match");
        if (!"number".equals(match)) {
            throw new AssertionError("field " + number + " is matched by " + match);
        }
    }

    WebElement fieldRow(String column) {
        new WebDriverWait(d, PAGE).until(ExpectedConditions.presenceOfElementLocated(By.id("fields")));
        List<WebElement> rows = d.findElements(By.cssSelector("#fields tbody tr"));
        return rows.stream().filter(r -> column.equalsIgnoreCase(r.getAttribute("data-column"))).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no field " + column));
    }

    /** Reloads the log page (keeping its filters) until a row shows this new value, as text. */
    void awaitLogRow(String newValue, Duration timeout) {
        await("log row with " + newValue).atMost(timeout).pollInterval(Duration.ofSeconds(1))
                .ignoreExceptionsInstanceOf(StaleElementReferenceException.class).until(() -> {
                    boolean found = d.findElements(By.cssSelector("#log td.new")).stream()
                            .anyMatch(td -> newValue.equals(td.getText()));
                    if (!found) {
                        markPage();
                        d.navigate().refresh();
                        waitForNextPage(PAGE);
                    }
                    return found;
                });
    }

    /**
     * Clicks a submit button and waits for the next page. A marker on the old page's window tells
     * the pages apart (an element's staleness is unreliable while Chromium replaces the document).
     */
    void clickAndWaitForNextPage(WebElement button) {
        markPage();
        button.click();
        waitForNextPage(PAGE);
    }

    private void markPage() {
        ((JavascriptExecutor) d).executeScript("window.__crmsyncOldPage = true;");
    }

    private void waitForNextPage(Duration timeout) {
        new WebDriverWait(d, timeout).ignoring(WebDriverException.class).until(x -> Boolean.TRUE.equals(
                ((JavascriptExecutor) x).executeScript(
                        "return window.__crmsyncOldPage === undefined && document.readyState === 'complete';")));
    }
}
