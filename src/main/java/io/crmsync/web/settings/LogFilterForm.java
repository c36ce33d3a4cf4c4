package io.crmsync.web.settings;

import io.crmsync.log.LogQuery;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The log page's filters as typed (sync, table, direction, dates, conflicts only: "1" or ""), the
 * page number and the browser's time zone ({@code tz}, filled in by the page's script; the
 * server's zone without it), in which the dates are days.
 */
record LogFilterForm(
    String sync, String table, String direction, String from, String to, String conflict, String page, String tz) {
  static final int PAGE_SIZE = 50;

  static LogFilterForm parse(Function<String, String> param) {
    Function<String, String> p = n -> Params.text(param.apply(n));
    return new LogFilterForm(p.apply("sync"), p.apply("table"), p.apply("direction"), p.apply("from"), p.apply("to"),
        p.apply("conflict"), p.apply("page"), p.apply("tz"));
  }

  Map<String, String> validate(Texts tx) {
    Map<String, String> e = new LinkedHashMap<>();
    if (!sync.isEmpty() && Params.id(sync) == null) {
      e.put("sync", tx.t("err.choose"));
    }
    if (table.length() > 128) {
      e.put("table", tx.t("err.tooLong", 128));
    }
    if (!direction.isEmpty() && !direction.equals("IN") && !direction.equals("OUT")) {
      e.put("direction", tx.t("err.choose"));
    }
    if (!from.isEmpty() && date(from) == null) {
      e.put("from", tx.t("err.date"));
    }
    if (!to.isEmpty() && date(to) == null) {
      e.put("to", tx.t("err.date"));
    }
    if (!conflict.isEmpty() && !conflictsOnly()) {
      e.put("conflict", tx.t("err.choose"));
    }
    if (!page.isEmpty() && SyncForm.number(page, 1, 1_000_000) == null) {
      e.put("page", tx.t("err.range", 1, 1_000_000));
    }
    if (!tz.isEmpty() && zoneOf(tz) == null) {
      e.put("tz", tx.t("err.timeZone", tz));
    }
    return e;
  }

  boolean conflictsOnly() {
    return conflict.equals("1");
  }

  int pageNumber() {
    Integer n = SyncForm.number(page, 1, 1_000_000);
    return n == null ? 1 : n;
  }

  /**
   * The query for this page, one row more than shown so the page knows whether a next one exists.
   * Dates are days in the browser's time zone (as the page shows times), else the server's; the
   * log stores UTC.
   */
  LogQuery.Filter filter() {
    LocalDate f = date(from);
    LocalDate t = date(to);
    return new LogQuery.Filter(
        Params.id(sync),
        table.isEmpty() ? null : table,
        direction.isEmpty() ? null : direction,
        f == null ? null : utc(f),
        t == null ? null : utc(t.plusDays(1)),
        PAGE_SIZE + 1,
        (pageNumber() - 1) * PAGE_SIZE,
        conflictsOnly() ? Boolean.TRUE : null);
  }

  /** The query string of these filters on another page. */
  String query(int pageNo) {
    return "sync=" + Html.url(sync) + "&table=" + Html.url(table) + "&direction=" + Html.url(direction)
        + "&from=" + Html.url(from) + "&to=" + Html.url(to) + "&conflict=" + Html.url(conflict) + "&tz=" + Html.url(tz)
        + "&page=" + pageNo;
  }

  /** The zone the dates are days in: the browser's when it told one, else the server's. */
  ZoneId zone() {
    ZoneId z = zoneOf(tz);
    return z == null ? ZoneId.systemDefault() : z;
  }

  private static ZoneId zoneOf(String id) {
    if (id == null || id.isEmpty() || id.length() > 64) {
      return null;
    }
    try {
      return ZoneId.of(id);
    } catch (DateTimeException e) {
      return null;
    }
  }

  private java.time.LocalDateTime utc(LocalDate day) {
    return day.atStartOfDay(zone()).withZoneSameInstant(ZoneOffset.UTC).toLocalDateTime();
  }

  private static LocalDate date(String s) {
    if (s == null || s.isEmpty()) {
      return null;
    }
    try {
      return LocalDate.parse(s);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
