package io.crmsync.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.crmsync.admin.ApiException;
import io.crmsync.admin.FieldAdmin;
import io.crmsync.admin.TableAdmin;
import io.crmsync.admin.FieldRequest;
import io.crmsync.admin.SyncAdmin;
import io.crmsync.admin.SyncRequest;
import io.crmsync.admin.SyncView;
import io.crmsync.app.Program;
import io.crmsync.config.FieldDef;
import io.crmsync.config.Mode;
import io.crmsync.config.SyncDef;
import io.crmsync.config.Transport;
import io.crmsync.core.Direction;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.inject.Inject;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.awaitility.Awaitility;
import org.hamcrest.Matcher;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.Filters;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The container parts on a real Payara Micro: start-up and migrations, the admin services with
 * their validation, capture triggers on H2, and the scheduler starting the {@code crmsync-cycle}
 * batch job. The CRM database is an app-scoped H2 in memory (container/glassfish-resources.xml).
 */
@ExtendWith(ArquillianExtension.class)
class AdminInContainerIT {
  private static final String PASSWORD = "arquillian-sync-password";

  @Inject Program program;
  @Inject SyncAdmin syncs;
  @Inject FieldAdmin fields;
  @Inject TableAdmin tables;

  /** The real WAR: main classes and resources, and the libraries the built WAR bundles. */
  @Deployment
  static WebArchive deployment() throws Exception {
    Path project = Path.of(System.getProperty("crmsync.projectDir", "."));
    Path build =
        Path.of(System.getProperty("crmsync.buildDirectory", project.resolve("target").toString()));
    Path mainClasses = build.resolve("classes");
    WebArchive war =
        ShrinkWrap.create(WebArchive.class, "crmsync.war")
            // Only classes compiled from src/main: no unit or end-to-end test classes.
            .addPackages(
                true,
                p -> Files.isRegularFile(mainClasses.resolve(p.get().substring(1))),
                "io.crmsync")
            .addClass(AdminInContainerIT.class)
            .addAsResource(mainClasses.resolve("META-INF").toFile(), "META-INF")
            .addAsResource(
                "container/microprofile-config.properties",
                "META-INF/microprofile-config.properties")
            .addAsWebInfResource(project.resolve("webapp/WEB-INF/beans.xml").toFile(), "beans.xml")
            .addAsWebInfResource("container/glassfish-resources.xml", "glassfish-resources.xml")
            .addAsLibraries(
                jarOf(org.assertj.core.api.Assertions.class),
                jarOf(Awaitility.class),
                jarOf(Matcher.class));
    WebArchive built =
        ShrinkWrap.createFromZipFile(WebArchive.class, build.resolve("crm-sync.war").toFile());
    built
        .getContent(Filters.include("/WEB-INF/lib/.*\\.jar"))
        .forEach((path, node) -> war.add(node.getAsset(), path));
    return war;
  }

  private static File jarOf(Class<?> type) throws URISyntaxException {
    return new File(type.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  @Test
  void programStartsWithItsTablesAndAStableId() throws SQLException {
    String id = program.programId();
    assertThat(UUID.fromString(id)).hasToString(id);
    assertThat(ownTables())
        .contains(
            "crmsync_schema_version",
            "crmsync_program",
            "crmsync_sync",
            "crmsync_field",
            "crmsync_sync_table",
            "crmsync_sync_state",
            "crmsync_load",
            "crmsync_capture",
            "crmsync_record",
            "crmsync_version",
            "crmsync_journal",
            "crmsync_log",
            "crmsync_nonce");
    long versions = count("SELECT COUNT(*) FROM crmsync_schema_version");

    program.start();

    assertThat(program.programId()).isEqualTo(id);
    assertThat(count("SELECT COUNT(*) FROM crmsync_program")).isEqualTo(1);
    assertThat(count("SELECT COUNT(*) FROM crmsync_schema_version")).isEqualTo(versions);
  }

  @Test
  void createsAPassiveAndAnActiveSync() throws SQLException {
    long before = count("SELECT COUNT(*) FROM crmsync_sync");
    SyncDef passive =
        syncs.create(
            new SyncRequest("branch office", Mode.PASSIVE, Transport.HTTP, 5, PASSWORD, null));
    String url = unreachablePeerUrl();
    SyncDef active =
        syncs.create(
            new SyncRequest("head office", Mode.ACTIVE, Transport.HTTP, 3600, PASSWORD, url));
    try {
      assertThat(passive.mode()).isEqualTo(Mode.PASSIVE);
      assertThat(passive.remoteUrl()).isNull();
      assertThat(active.remoteUrl()).isEqualTo(url);
      assertThat(active.id()).isNotEqualTo(passive.id());
      assertThat(syncs.get(passive.id()).sync().name()).isEqualTo("branch office");
      assertThat(count("SELECT COUNT(*) FROM crmsync_sync")).isEqualTo(before + 2);
    } finally {
      syncs.delete(active.id());
    }
  }

  @Test
  void invalidSyncsAreRefusedAndNothingIsSaved() throws SQLException {
    long syncsBefore = count("SELECT COUNT(*) FROM crmsync_sync");
    long statesBefore = count("SELECT COUNT(*) FROM crmsync_sync_state");
    String url = unreachablePeerUrl();

    assertRefused(
        400, "password", () -> create("no password", Mode.PASSIVE, Transport.HTTP, 5, null, null));
    assertRefused(
        400, "password", () -> create("empty password", Mode.PASSIVE, Transport.HTTP, 5, "", null));
    assertRefused(
        400, "password", () -> create("short password", Mode.PASSIVE, Transport.HTTP, 5, "1234567", null));
    assertRefused(
        400,
        "periodSeconds",
        () -> create("period 0", Mode.PASSIVE, Transport.HTTP, 0, PASSWORD, null));
    assertRefused(
        400, "transport", () -> create("no transport", Mode.PASSIVE, null, 5, PASSWORD, null));
    assertRefused(
        400, "an FTP sync needs", () -> create("ftp", Mode.PASSIVE, Transport.FTP, 5, PASSWORD, null));
    assertRefused(
        400, "remoteUrl", () -> create("no url", Mode.ACTIVE, Transport.HTTP, 5, PASSWORD, null));
    assertRefused(
        400,
        "remoteUrl",
        () ->
            create(
                "bad url", Mode.ACTIVE, Transport.HTTP, 5, PASSWORD, "ftp://127.0.0.1:9/crmsync"));
    assertRefused(404, "no sync with id", () -> syncs.get(987_654_321L));

    assertThat(count("SELECT COUNT(*) FROM crmsync_sync")).isEqualTo(syncsBefore);
    assertThat(count("SELECT COUNT(*) FROM crmsync_sync_state")).isEqualTo(statesBefore);
  }

  @Test
  void aSecondSyncWithTheSameNameIsAConflict() throws SQLException {
    create("Duplicate", Mode.PASSIVE, Transport.HTTP, 5, PASSWORD, null);
    long before = count("SELECT COUNT(*) FROM crmsync_sync");

    assertRefused(
        409,
        "already exists",
        () -> create("duplicate ", Mode.PASSIVE, Transport.HTTP, 5, PASSWORD, null));

    assertThat(count("SELECT COUNT(*) FROM crmsync_sync")).isEqualTo(before);
  }

  @Test
  void addingAFieldInstallsTheCaptureTrigger() throws SQLException {
    sql("CREATE TABLE arq_clients (id BIGINT PRIMARY KEY, name VARCHAR(100), city VARCHAR(100))");
    SyncDef sync = create("clients", Mode.PASSIVE, Transport.HTTP, 5, PASSWORD, null);

    FieldDef field =
        fields.addField(sync.id(), new FieldRequest("arq_clients", "name", Direction.BOTH, null));
    long before = count("SELECT COUNT(*) FROM crmsync_capture WHERE tbl = 'ARQ_CLIENTS'");
    sql("INSERT INTO arq_clients (id, name, city) VALUES (41, 'Ada', 'Paris')");

    assertThat(field.table()).isEqualTo("ARQ_CLIENTS");
    assertThat(field.column()).isEqualTo("NAME");
    assertThat(count("SELECT COUNT(*) FROM crmsync_capture WHERE tbl = 'ARQ_CLIENTS'"))
        .isEqualTo(before + 1);
    assertThat(
            count(
                "SELECT COUNT(*) FROM crmsync_capture WHERE tbl = 'ARQ_CLIENTS' AND pk = '41' AND"
                    + " op = 'U'"))
        .isEqualTo(1);
  }

  @Test
  void theIdColumnAndUnknownColumnsCannotBeAdded() throws SQLException {
    sql("CREATE TABLE arq_products (id BIGINT PRIMARY KEY, title VARCHAR(100))");
    SyncDef sync = create("products", Mode.PASSIVE, Transport.HTTP, 5, PASSWORD, null);

    assertRefused(
        400,
        "is the ID",
        () ->
            fields.addField(
                sync.id(), new FieldRequest("arq_products", "id", Direction.BOTH, null)));
    assertRefused(
        400,
        "unknown column",
        () ->
            fields.addField(
                sync.id(), new FieldRequest("arq_products", "price", Direction.BOTH, null)));
    assertRefused(
        400,
        "unknown table",
        () ->
            fields.addField(
                sync.id(), new FieldRequest("arq_nothing", "title", Direction.BOTH, null)));

    assertThat(fields.fields(sync.id())).isEmpty();
  }

  @Test
  void addingAWholeTableSkipsForeignKeyColumns() throws SQLException {
    sql("CREATE TABLE arq_companies (id BIGINT PRIMARY KEY, name VARCHAR(100))");
    sql(
        "CREATE TABLE arq_contacts (id BIGINT PRIMARY KEY, name VARCHAR(100), phone VARCHAR(30),"
            + " company_id BIGINT REFERENCES arq_companies(id))");
    SyncDef sync = create("contacts", Mode.PASSIVE, Transport.HTTP, 5, PASSWORD, null);

    TableAdmin.TableAdded added = tables.addTable(sync.id(), "arq_contacts", Direction.BOTH, null);

    assertThat(added.fields())
        .extracting(FieldDef::column)
        .containsExactlyInAnyOrder("NAME", "PHONE");
    assertThat(added.skipped()).containsExactly("COMPANY_ID");
    assertThat(fields.fields(sync.id())).hasSize(2);
  }

  @Test
  void theSchedulerRunsTheCycleOfAnActiveSync() {
    SyncDef sync =
        create("unreachable peer", Mode.ACTIVE, Transport.HTTP, 1, PASSWORD, unreachablePeerUrl());
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(250))
          .untilAsserted(
              () -> assertThat(syncs.get(sync.id()).lastError()).contains("unreachable"));
      SyncView view = syncs.get(sync.id());
      assertThat(view.lastAttemptAt()).isNotNull();
      assertThat(view.connected()).isFalse();
      assertThat(BatchRuntime.getJobOperator().getRunningExecutions("crmsync-cycle")).isNotEmpty();
    } finally {
      syncs.delete(sync.id());
    }
  }

  private SyncDef create(
      String name, Mode mode, Transport transport, int period, String password, String url) {
    return syncs.create(new SyncRequest(name, mode, transport, period, password, url));
  }

  /** A well-formed peer URL on the discard port, where nothing answers. */
  private static String unreachablePeerUrl() {
    return "http://127.0.0.1:9/crmsync/api/peer/" + UUID.randomUUID() + "/exchange";
  }

  private static void assertRefused(int status, String message, ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status()).as(e.getMessage()).isEqualTo(status);
              assertThat(e.getMessage()).contains(message);
            });
  }

  private List<String> ownTables() throws SQLException {
    List<String> names = new ArrayList<>();
    try (Connection c = program.connection();
        ResultSet rs =
            c.getMetaData().getTables(c.getCatalog(), c.getSchema(), "%", new String[] {"TABLE"})) {
      while (rs.next()) {
        names.add(rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
      }
    }
    return names;
  }

  private long count(String query) throws SQLException {
    try (Connection c = program.connection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private void sql(String statement) throws SQLException {
    try (Connection c = program.connection();
        Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }
}
