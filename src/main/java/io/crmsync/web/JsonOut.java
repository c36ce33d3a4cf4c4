package io.crmsync.web;

import io.crmsync.admin.SyncView;
import io.crmsync.config.FieldDef;
import io.crmsync.config.FtpServer;
import io.crmsync.config.Mode;
import io.crmsync.config.SyncDef;
import io.crmsync.config.TableDef;
import io.crmsync.exchange.Applier;
import io.crmsync.exchange.LoadProgress;
import io.crmsync.exchange.Quarantine;
import io.crmsync.transport.http.PeerUrls;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** JSON representations of the admin API. Secrets (passwords, keys) are never included. */
final class JsonOut {
  private JsonOut() {}

  static JsonObject sync(SyncView v, String baseUrl) {
    SyncDef s = v.sync();
    JsonObjectBuilder b =
        Json.createObjectBuilder()
            .add("id", s.id())
            .add("name", s.name())
            .add("mode", s.mode().name())
            .add("transport", s.transport().name())
            .add("periodSeconds", s.periodSeconds())
            .add("conflictPolicy", v.conflictPolicy().name());
    // As the administrator gave it: the remote program's address, or the peer URL.
    nullable(b, "remoteUrl", s.remoteAddress() != null ? s.remoteAddress() : s.remoteUrl());
    if (s.folders() != null) {
      JsonObjectBuilder f =
          Json.createObjectBuilder()
              .add("uploadDir", s.folders().uploadDir())
              .add("downloadDir", s.folders().downloadDir());
      FtpServer ftp = s.folders().ftp();
      if (ftp != null) {
        // The FTP password is never returned.
        f.add("host", ftp.host()).add("port", ftp.port()).add("user", ftp.user()).add("tls", ftp.tls());
      }
      b.add(ftp == null ? "local" : "ftp", f);
    }
    if (s.mode() == Mode.PASSIVE) {
      b.add("peerUrl", PeerUrls.of(baseUrl, s.syncKey()));
    }
    JsonObjectBuilder status = Json.createObjectBuilder().add("connected", v.connected());
    nullable(status, "lastSuccessAt", time(v.lastSuccessAt()));
    nullable(status, "lastAttemptAt", time(v.lastAttemptAt()));
    nullable(status, "lastError", v.lastError());
    status.add("quarantined", v.quarantined());
    status.add("load", load(v.load(), System.currentTimeMillis()));
    return b.add("status", status).build();
  }

  /** {@code [{"table","done","total","ratePerSecond","secondsLeft"}]}: null where not known yet. */
  static JsonArrayBuilder load(List<LoadProgress> loads, long now) {
    JsonArrayBuilder a = Json.createArrayBuilder();
    for (LoadProgress l : loads) {
      JsonObjectBuilder o = Json.createObjectBuilder().add("table", l.table()).add("done", l.done());
      if (l.expected() == null) {
        o.addNull("total");
      } else {
        o.add("total", l.expected());
      }
      o.add("percent", l.percent());
      o.add("ratePerSecond", Math.round(l.rate(now) * 10) / 10.0);
      Long left = l.secondsLeft(now);
      if (left == null) {
        o.addNull("secondsLeft");
      } else {
        o.add("secondsLeft", left);
      }
      a.add(o);
    }
    return a;
  }

  static JsonObject sync(SyncDef s, String baseUrl) {
    return sync(new SyncView(s, null, null, null, 0, null, List.of()), baseUrl);
  }

  static JsonObject field(FieldDef f) {
    JsonObjectBuilder b =
        Json.createObjectBuilder()
            .add("number", f.number())
            .add("syncId", f.syncId())
            .add("table", f.table())
            .add("column", f.column())
            .add("direction", f.direction().name());
    if (f.remoteNumber() == null) {
      b.addNull("remoteNumber");
    } else {
      b.add("remoteNumber", f.remoteNumber());
    }
    return b.build();
  }

  static JsonArrayBuilder fields(List<FieldDef> fields) {
    JsonArrayBuilder a = Json.createArrayBuilder();
    fields.forEach(f -> a.add(field(f)));
    return a;
  }

  static JsonObject table(TableDef t) {
    JsonObjectBuilder b = Json.createObjectBuilder().add("syncId", t.syncId()).add("table", t.table());
    nullable(b, "remoteTable", t.remoteTable());
    nullable(b, "statusColumn", t.statusColumn());
    nullable(b, "deletedValue", t.deletedValue());
    nullable(b, "addedTimeColumn", t.addedTimeColumn());
    return b.build();
  }

  static JsonObject quarantined(Quarantine.Entry e) {
    JsonObjectBuilder values = Json.createObjectBuilder();
    e.values().forEach((col, v) -> {
      if (v == null) {
        values.addNull(col);
      } else {
        values.add(col, v);
      }
    });
    JsonObjectBuilder b =
        Json.createObjectBuilder()
            .add("id", e.id())
            .add("table", e.table())
            .add("recordId", e.localId() == null ? e.gid() : e.localId())
            .add("gid", e.gid())
            .add("deletion", e.deletion())
            .add("values", values)
            .add("reason", e.reason())
            .add("at", time(e.at()))
            .add("attempts", e.attempts());
    return b.build();
  }

  static JsonObject retry(Applier.RetryResult r) {
    return Json.createObjectBuilder()
        .add("tried", r.tried())
        .add("applied", r.applied())
        .add("stillRefused", r.stillRefused())
        .add("quarantined", r.left())
        .build();
  }

  static String time(LocalDateTime utc) {
    return utc == null ? null : utc.atOffset(ZoneOffset.UTC).toString();
  }

  static void nullable(JsonObjectBuilder b, String name, String value) {
    if (value == null) {
      b.addNull(name);
    } else {
      b.add(name, value);
    }
  }

  static JsonObject error(String message) {
    return Json.createObjectBuilder().add("error", message == null ? "error" : message).build();
  }
}
