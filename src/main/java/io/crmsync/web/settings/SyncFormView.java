package io.crmsync.web.settings;

import io.crmsync.config.Mode;
import io.crmsync.config.Transport;
import io.crmsync.core.ConflictPolicy;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sync form with the product page's inputs; LOCAL and FTP inputs show for those types only,
 * the note on the conflict policy for a passive sync only.
 */
final class SyncFormView {
  private SyncFormView() {}

  /** {@code learned}: the policy the active peer told this (passive) sync, null if none yet. */
  static String render(HttpServletRequest req, SyncForm f, Map<String, String> errors, ConflictPolicy learned) {
    Texts tx = SettingsGate.texts(req);
    Inputs in = new Inputs(errors);
    StringBuilder b = new StringBuilder();
    b.append("<section class=\"card\" aria-labelledby=\"form-title\"><h2 id=\"form-title\">")
        .append(Html.esc(tx.t(f.id() == null ? "form.new" : "form.edit"))).append("</h2>\n")
        .append("<form method=\"post\" action=\"").append(Html.esc(req.getContextPath())).append("/settings\" id=\"sync-form\" novalidate>\n")
        .append(Csrf.field(req)).append(in.general());
    if (f.id() != null) {
      b.append("<input type=\"hidden\" name=\"id\" value=\"").append(f.id()).append("\">");
    }
    b.append(in.row("name", tx.t("form.name"), f.name(), "type=\"text\" maxlength=\"200\" required"));
    b.append(modeRadios(tx, f, in));
    Map<String, String> types = new LinkedHashMap<>();
    for (Transport t : Transport.values()) {
      types.put(t.name(), tx.t("transport." + t.name()));
    }
    b.append(in.select("transport", tx.t("form.transport"), f.transport(), types, "data-toggles-transport"));
    b.append("<div class=\"row check\"><input type=\"checkbox\" id=\"remoteAccess\" name=\"remoteAccess\" value=\"1\"")
        .append(Html.flag(f.remoteAccess(), "checked")).append(in.invalid("remoteAccess")).append(">")
        .append("<label for=\"remoteAccess\">").append(Html.esc(tx.t("form.remoteAccess"))).append("</label>")
        .append(in.error("remoteAccess")).append("</div>\n");
    b.append("<div id=\"remoteUrl-block\"").append(Html.flag(!f.remoteAccess(), "hidden")).append(">")
        .append(in.row("remoteUrl", tx.t("form.remoteUrl"), f.remoteUrl(),
            "type=\"url\" inputmode=\"url\" placeholder=\"https://crm.example.com\""))
        .append("</div>\n");
    b.append(in.password("password", tx.t("form.password"), f.id() == null ? null : tx.t("form.passwordKeep")));
    b.append(ConnectionTestView.button(req, tx, f.remoteAccess()));
    b.append(transportBlock(f, "LOCAL", in.row("localUploadFolder", tx.t("form.localUpload"), f.localUploadFolder(), "type=\"text\"")
        + in.row("localDownloadFolder", tx.t("form.localDownload"), f.localDownloadFolder(), "type=\"text\""), tx));
    b.append(transportBlock(f, "FTP",
        in.row("ftpHost", tx.t("form.ftpHost"), f.ftpHost(), "type=\"text\" placeholder=\"mycompany.ru\"")
            + in.row("ftpPort", tx.t("form.ftpPort"), f.ftpPort(), "type=\"number\" min=\"1\" max=\"65535\"")
            + in.row("ftpLogin", tx.t("form.ftpLogin"), f.ftpLogin(), "type=\"text\" autocomplete=\"off\"")
            + in.password("ftpPassword", tx.t("form.ftpPassword"), null)
            + in.row("ftpUploadFolder", tx.t("form.ftpUpload"), f.ftpUploadFolder(), "type=\"text\" placeholder=\"/cb/upload\"")
            + in.row("ftpDownloadFolder", tx.t("form.ftpDownload"), f.ftpDownloadFolder(), "type=\"text\" placeholder=\"/cb/download\"")
            + "<div class=\"row check\"><input type=\"checkbox\" id=\"ftpTls\" name=\"ftpTls\" value=\"1\""
            + Html.flag(f.ftpTls(), "checked") + "><label for=\"ftpTls\">" + Html.esc(tx.t("form.ftpTls")) + "</label></div>", tx));
    b.append(in.row("periodSeconds", tx.t("form.period"), f.periodSeconds(),
        "type=\"number\" min=\"1\" max=\"" + SyncForm.MAX_PERIOD + "\" inputmode=\"numeric\" required"));
    b.append(conflictPolicy(tx, f, in, learned));
    b.append("<p class=\"actions\"><button type=\"submit\" id=\"save\">").append(Html.esc(tx.t("form.save"))).append("</button>");
    if (f.id() != null) {
      b.append(" <a href=\"").append(Html.esc(req.getContextPath())).append("/settings\">").append(Html.esc(tx.t("form.cancel"))).append("</a>");
    }
    return b.append("</p>\n</form></section>\n").toString();
  }

  private static String modeRadios(Texts tx, SyncForm f, Inputs in) {
    StringBuilder b = new StringBuilder("<fieldset class=\"row\" id=\"mode\"").append(in.invalid("mode")).append("><legend>")
        .append(Html.esc(tx.t("form.mode"))).append("</legend>");
    for (Mode m : Mode.values()) {
      String id = "mode-" + m.name();
      b.append("<input type=\"radio\" name=\"mode\" id=\"").append(id).append("\" value=\"").append(m.name()).append('"')
          .append(Html.flag(m.name().equals(f.mode()), "checked")).append("><label for=\"").append(id).append("\">")
          .append(Html.esc(tx.t("mode." + m.name()))).append("</label> ");
    }
    return b.append(in.error("mode")).append("</fieldset>\n").toString();
  }

  /**
   * The policy select; for a passive sync a note that the active side's setting governs (this one
   * applies only until the active side has told its own) and which one it told.
   */
  private static String conflictPolicy(Texts tx, SyncForm f, Inputs in, ConflictPolicy learned) {
    Map<String, String> options = new LinkedHashMap<>();
    for (ConflictPolicy p : ConflictPolicy.values()) {
      options.put(p.name(), tx.t("policy." + p.name()));
    }
    boolean passive = Mode.PASSIVE.name().equals(f.mode());
    StringBuilder note = new StringBuilder("<div class=\"note\" id=\"policy-note\" data-mode=\"PASSIVE\"")
        .append(Html.flag(!passive, "hidden")).append("><p>").append(Html.esc(tx.t("form.policyPassive"))).append("</p>");
    if (learned != null) {
      note.append("<p id=\"learned-policy\" data-policy=\"").append(learned.name()).append("\">")
          .append(Html.esc(tx.t("form.policyTold", tx.t("policy." + learned.name())))).append("</p>");
    } else if (f.id() != null) {
      // A new sync has no peer yet; an existing one may simply not have had an exchange.
      note.append("<p id=\"learned-policy\">").append(Html.esc(tx.t("form.policyNotTold"))).append("</p>");
    }
    return in.select("conflictPolicy", tx.t("form.conflictPolicy"), f.conflictPolicy(), options, "")
        + note.append("</div>\n");
  }

  private static String transportBlock(SyncForm f, String transport, String rows, Texts tx) {
    return "<fieldset class=\"transport\" data-transport=\"" + transport + "\" id=\"" + transport.toLowerCase() + "-block\""
        + Html.flag(!transport.equals(f.transport()), "hidden") + "><legend>" + Html.esc(tx.t("form.block." + transport))
        + "</legend>" + rows + "</fieldset>\n";
  }
}
