package io.crmsync.web;

import io.crmsync.admin.SchemaAdmin;
import io.crmsync.db.ColumnInfo;
import io.crmsync.db.TableInfo;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/admin/schema}: the CRM's tables and columns, from JDBC metadata. */
@Path("admin/schema")
public class SchemaResource {
  @Inject SchemaAdmin schema;

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public String schema() {
    JsonArrayBuilder tables = Json.createArrayBuilder();
    for (TableInfo t : schema.tables()) {
      JsonArrayBuilder columns = Json.createArrayBuilder();
      for (ColumnInfo col : t.columns()) {
        columns.add(Json.createObjectBuilder().add("name", col.name()).add("type", col.typeName()));
      }
      JsonObjectBuilder b = Json.createObjectBuilder().add("table", t.name());
      JsonOut.nullable(b, "primaryKey", t.primaryKey());
      tables.add(b.add("columns", columns));
    }
    return tables.build().toString();
  }
}
