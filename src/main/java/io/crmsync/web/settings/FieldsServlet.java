package io.crmsync.web.settings;

import io.crmsync.admin.ApiException;
import io.crmsync.admin.FieldAdmin;
import io.crmsync.admin.FieldRequest;
import io.crmsync.admin.SchemaAdmin;
import io.crmsync.admin.SyncAdmin;
import io.crmsync.admin.TableAdmin;
import io.crmsync.config.FieldDef;
import io.crmsync.config.Mode;
import io.crmsync.config.SyncDef;
import io.crmsync.core.Direction;
import io.crmsync.db.TableInfo;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /settings/fields?sync=ID&table=T}: the fields of one sync. */
@WebServlet("/settings/fields")
public class FieldsServlet extends HttpServlet {
  @Inject SchemaAdmin schema;
  @Inject SyncAdmin syncs;
  @Inject FieldAdmin fields;
  @Inject TableAdmin tables;

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
    SyncDef sync = sync(req);
    if (sync == null) {
      Params.notFound(req, res);
      return;
    }
    show(req, res, 200, sync, Map.of(), Map.of());
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
    SyncDef sync = sync(req);
    if (sync == null) {
      Params.notFound(req, res);
      return;
    }
    Texts tx = SettingsGate.texts(req);
    Map<String, String> typed = new LinkedHashMap<>();
    for (String p : List.of("column", "direction", "remoteNumber")) {
      typed.put(p, Params.text(req.getParameter(p)));
    }
    for (String p : List.of("statusColumn", "deletedValue", "addedTimeColumn")) {
      if (req.getParameter(p) != null) {
        typed.put(p, Params.text(req.getParameter(p)));
      }
    }
    Map<String, String> errors = new LinkedHashMap<>();
    String action = Params.text(req.getParameter("action"));
    Integer number = SyncForm.number(req.getParameter("number"), 1, Integer.MAX_VALUE);
    try {
      switch (action) {
        case "add" -> add(sync, req, typed, errors, tx);
        case "addTable" -> addTable(sync, req, errors, tx);
        case "mappings" -> mappings(sync, req, typed, errors, tx);
        case "systemFields" -> systemFields(sync, req, typed, errors, tx);
        case "direction", "delete" -> {
          if (number == null) {
            errors.put("", tx.t("err.unknownField"));
          } else {
            change(sync, number, action, req, errors, tx);
          }
        }
        default -> errors.put("", tx.t("err.unknownAction"));
      }
    } catch (ApiException e) {
      String key = switch (action) {
        case "add" -> "column";
        case "addTable" -> "tableDirection";
        case "systemFields" -> e.getMessage().startsWith("addedTimeColumn") ? "addedTimeColumn"
            : e.getMessage().startsWith("deletedValue") ? "deletedValue" : "statusColumn";
        case "mappings" -> "";
        default -> "row-" + number;
      };
      errors.put(key, tx.api(e));
    }
    if (errors.isEmpty()) {
      res.sendRedirect(req.getContextPath() + "/settings/fields?sync=" + sync.id() + "&table="
          + Html.url(Params.text(req.getParameter("table"))) + "#fields");
      return;
    }
    show(req, res, 400, sync, errors, typed);
  }

  private void add(SyncDef sync, HttpServletRequest req, Map<String, String> typed, Map<String, String> errors, Texts tx) {
    Direction d = Directions.parse(typed.get("direction"));
    Integer remote = null;
    if (typed.get("column").isEmpty()) {
      errors.put("column", tx.t("err.choose"));
    }
    if (d == null) {
      errors.put("direction", tx.t("err.choose"));
    }
    if (sync.mode() == Mode.PASSIVE && !typed.get("remoteNumber").isEmpty()) {
      remote = SyncForm.number(typed.get("remoteNumber"), 1, Integer.MAX_VALUE);
      if (remote == null) {
        errors.put("remoteNumber", tx.t("err.fieldNumber"));
      }
    }
    if (errors.isEmpty()) {
      fields.addField(sync.id(), new FieldRequest(Params.text(req.getParameter("table")), typed.get("column"), d, remote));
    }
  }

  private void addTable(SyncDef sync, HttpServletRequest req, Map<String, String> errors, Texts tx) {
    Direction d = Directions.parse(req.getParameter("tableDirection"));
    if (d == null) {
      errors.put("tableDirection", tx.t("err.choose"));
      return;
    }
    tables.addTable(sync.id(), Params.text(req.getParameter("table")), d, null);
  }

  private void change(SyncDef sync, int number, String action, HttpServletRequest req, Map<String, String> errors, Texts tx) {
    if (action.equals("delete")) {
      fields.deleteField(sync.id(), number);
      return;
    }
    Direction d = Directions.parse(req.getParameter("direction"));
    if (d == null) {
      errors.put("row-" + number, tx.t("err.choose"));
    } else {
      fields.updateField(sync.id(), number, new FieldRequest(null, null, d, null));
    }
  }

  /**
   * Every field's number in the other program, from one form ({@code remote-<number>} inputs):
   * all checked first, then only the changed ones saved; one wrong number saves none.
   */
  private void mappings(SyncDef sync, HttpServletRequest req, Map<String, String> typed, Map<String, String> errors, Texts tx) {
    Map<Integer, Integer> changed = new LinkedHashMap<>();
    for (FieldDef f : fields.fields(sync.id())) {
      String value = req.getParameter("remote-" + f.number());
      if (value == null) {
        continue; // a field added after the page was shown: not on this form
      }
      String text = Params.text(value);
      typed.put("remote-" + f.number(), text);
      // Empty or 0 clears the mapping, as in the admin API.
      Integer remote = text.isEmpty() ? Integer.valueOf(0) : SyncForm.number(text, 0, Integer.MAX_VALUE);
      if (remote == null) {
        errors.put("remote-" + f.number(), tx.t("err.fieldNumber"));
      } else if (remote != (f.remoteNumber() == null ? 0 : f.remoteNumber())) {
        changed.put(f.number(), remote);
      }
    }
    if (errors.isEmpty()) {
      changed.forEach((number, remote) -> fields.updateField(sync.id(), number, new FieldRequest(null, null, null, remote)));
    }
  }

  /** The table's record-status and time-added columns and the deleted value ("" for a column: none). */
  private void systemFields(SyncDef sync, HttpServletRequest req, Map<String, String> typed, Map<String, String> errors, Texts tx) {
    String deleted = typed.getOrDefault("deletedValue", "");
    if (deleted.length() > 200) {
      errors.put("deletedValue", tx.t("err.tooLong", 200));
      return;
    }
    tables.tableSettings(sync.id(), Params.text(req.getParameter("table")), typed.getOrDefault("statusColumn", ""),
        deleted.isEmpty() ? null : deleted, typed.getOrDefault("addedTimeColumn", ""), null);
  }

  private void show(HttpServletRequest req, HttpServletResponse res, int status, SyncDef sync,
      Map<String, String> errors, Map<String, String> typed) throws IOException {
    Texts tx = SettingsGate.texts(req);
    List<TableInfo> all;
    try {
      all = schema.tables();
    } catch (IllegalStateException e) {
      // the database's message, reported by the page as before
      throw new IOException("cannot read the CRM's tables: " + e.getMessage(), e);
    }
    String chosen = Params.text(req.getParameter("table"));
    TableInfo table = all.stream().filter(t -> t.name().equalsIgnoreCase(chosen)).findFirst().orElse(null);
    List<FieldDef> list = fields.fields(sync.id()).stream().sorted(Comparator.comparingInt(FieldDef::number)).toList();
    // The system fields of every table of the sync, and of the chosen one (warned about when missing).
    List<TableAdmin.SystemFieldsView> system = all.stream()
        .filter(t -> t == table || list.stream().anyMatch(f -> f.table().equalsIgnoreCase(t.name())))
        .map(t -> tables.systemFields(sync.id(), t)).toList();
    FieldsView.Model m = new FieldsView.Model(sync, all, table, list, tables.tables(sync.id()), system);
    Page.send(res, status, Page.render(req, tx.t("fields.title", sync.name()), FieldsView.render(req, m, errors, typed)));
  }

  private SyncDef sync(HttpServletRequest req) {
    Long id = Params.id(req.getParameter("sync"));
    if (id == null) {
      return null;
    }
    try {
      return syncs.get(id).sync();
    } catch (ApiException e) {
      return null;
    }
  }
}
