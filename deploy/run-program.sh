#!/usr/bin/env bash
# Runs ONE crm-sync "program" (target/crm-sync.war in Payara Micro 6) in the foreground.
#
# The script ends with `exec java ...`, so its pid IS the JVM's pid: SIGTERM / SIGKILL sent to the
# script's pid reach Payara directly. It builds nothing: run `mvn -B package -DskipTests` first.
#
# Exit status: when the server fails to boot (a port in use, or Payara's own start-up failing, as it
# does now and then on a loaded machine), the JVM exits at once with status 1, and the log's last
# SEVERE line says why (target/crm-sync-launcher.jar; Payara Micro's own main class would leave the
# JVM running, serving nothing). Starting it again is the caller's business: the demo, the benchmark
# and the test harness do it once.
#
# Environment:
#   PROGRAM_NAME            required; state lives in ./data/$PROGRAM_NAME (relative to the CURRENT
#                           directory): the default H2 CRM database (crm.mv.db), Payara's --rootdir
#                           (payara/) and the generated boot files
#   HTTP_PORT               required; the app answers on http://localhost:$HTTP_PORT/crmsync/
#   CRM_JDBC_URL            jdbc:postgresql://..., jdbc:mariadb://... or jdbc:h2:...; empty or unset:
#                           jdbc:h2:file:<abs>/data/$PROGRAM_NAME/crm;AUTO_SERVER=TRUE;DB_CLOSE_DELAY=-1;WRITE_DELAY=0
#   CRM_JDBC_USER           default "crm" for the default H2 database, else empty
#   CRM_JDBC_PASSWORD       default "crm" for the default H2 database, else empty (empty works)
#   CRMSYNC_ADMIN_USER      default admin (exported: MicroProfile Config sees crmsync.admin.user)
#   CRMSYNC_ADMIN_PASSWORD  default admin (exported: ... crmsync.admin.password)
#   JAVA_OPTS               optional JVM options, e.g. "-Xmx256m" (split on whitespace)
#   CRMSYNC_SECRET_KEY      optional; Base64 of 32 bytes, the master key of stored secrets; unset:
#                           the key file ./data/$PROGRAM_NAME/secret.key (made at first use), or
#                           CRMSYNC_SECRET_KEYFILE if that is set
#   CRMSYNC_WAR             optional; the WAR to deploy, default target/crm-sync.war; the demo
#                           deploys target/crm-sync-demo.war (the same plus the stand-in CRM page)
#   CRMSYNC_DEMO_CRM        optional; "true" turns on the stand-in CRM page /crmsync/demo-crm
#                           (only in crm-sync-demo.war); passed through to the server when set
#   SERVER                  payara-micro (default) or wildfly: wildfly runs the program in WildFly
#                           with the same variables (deploy/run-wildfly.sh: PostgreSQL or MariaDB,
#                           WILDFLY_HOME), in the foreground, its pid the JVM's too
#
# The server gets a JDBC pool "crm-pool" + resource "jdbc/crm" for the CRM database, and the
# system property -Dcrmsync.datasource=jdbc/crm.
set -euo pipefail

die() { echo "run-program.sh: $*" >&2; exit 1; }

[[ -n "${PROGRAM_NAME:-}" ]] || die "PROGRAM_NAME is required"
[[ -n "${HTTP_PORT:-}" ]] || die "HTTP_PORT is required"
[[ "$PROGRAM_NAME" =~ ^[A-Za-z0-9][A-Za-z0-9._-]*$ ]] \
    || die "PROGRAM_NAME may only contain letters, digits, '.', '_' and '-': '$PROGRAM_NAME'"
[[ "$HTTP_PORT" =~ ^[0-9]+$ ]] || die "HTTP_PORT must be a number: '$HTTP_PORT'"
case "${SERVER:-payara-micro}" in
    payara-micro) ;;
    wildfly) exec "$(dirname "${BASH_SOURCE[0]}")/run-wildfly.sh" ;;
    *) die "SERVER must be payara-micro or wildfly: '$SERVER'" ;;
esac

# --- build artefacts, relative to the repo root (this script's parent directory) ------------------
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WAR="${CRMSYNC_WAR:-$REPO_ROOT/target/crm-sync.war}"
MICRO_JAR="$REPO_ROOT/target/payara-micro.jar"
# Boots payara-micro.jar (its manifest's class path) with the same arguments, exits 1 on a failed boot.
LAUNCHER_JAR="$REPO_ROOT/target/crm-sync-launcher.jar"
DRIVER_DIR="$REPO_ROOT/target/drivers"
for f in "$WAR" "$MICRO_JAR" "$LAUNCHER_JAR" "$DRIVER_DIR/postgresql.jar" "$DRIVER_DIR/mariadb-java-client.jar"; do
    [[ -f "$f" ]] || die "missing $f - run 'mvn -B package -DskipTests' in $REPO_ROOT first"
done
# Every target/drivers/*.jar goes on the SERVER class path (--addlibs): the pools load their
# datasource classes there, and so does Payara's bundled H2 (2.2.224, serves jdbc:h2: - do not add
# another H2). A jar holding the H2 capture-trigger class belongs here too: then H2 finds it with a
# plain Class.forName, whichever thread first fires the trigger (a class only in the WAR is found
# only through the firing thread's context class loader).
ADDLIBS=""
for j in "$DRIVER_DIR"/*.jar; do ADDLIBS="${ADDLIBS:+$ADDLIBS:}$j"; done

# --- CRM database ---------------------------------------------------------------------------------
DATA_DIR="$(pwd -P)/data/$PROGRAM_NAME"
ROOT_DIR="$DATA_DIR/payara"   # Payara Micro --rootdir: config, logs, lib/databases (JBatch repository)
# Payara's boot command files split on whitespace, so the paths written into them must have none.
[[ "$DATA_DIR" != *[[:space:]]* ]] || die "the data directory must not contain whitespace: '$DATA_DIR'"

if [[ -z "${CRM_JDBC_URL:-}" ]]; then
    # AUTO_SERVER: other JVMs (tests, demo scripts) may open the same file while Payara holds it.
    # WRITE_DELAY=0: with H2's default (commits flushed up to ~0.5-1 s later) rows committed just
    # before a SIGKILL were lost after the restart; with 0 they survived.
    CRM_JDBC_URL="jdbc:h2:file:$DATA_DIR/crm;AUTO_SERVER=TRUE;DB_CLOSE_DELAY=-1;WRITE_DELAY=0"
    CRM_JDBC_USER="${CRM_JDBC_USER:-crm}"
    CRM_JDBC_PASSWORD="${CRM_JDBC_PASSWORD:-crm}"
fi
CRM_JDBC_USER="${CRM_JDBC_USER:-}"
CRM_JDBC_PASSWORD="${CRM_JDBC_PASSWORD:-}"
case "$CRM_JDBC_URL" in
    jdbc:postgresql:*) DS_CLASS=org.postgresql.ds.PGSimpleDataSource ;;
    jdbc:mariadb:*)    DS_CLASS=org.mariadb.jdbc.MariaDbDataSource ;;
    jdbc:h2:*)         DS_CLASS=org.h2.jdbcx.JdbcDataSource ;;
    *) die "unsupported CRM_JDBC_URL '$CRM_JDBC_URL' (jdbc:postgresql:, jdbc:mariadb: or jdbc:h2:)" ;;
esac

export CRMSYNC_ADMIN_USER="${CRMSYNC_ADMIN_USER:-admin}"
export CRMSYNC_ADMIN_PASSWORD="${CRMSYNC_ADMIN_PASSWORD:-admin}"

# --- per-program Payara root dir --------------------------------------------------------------------
mkdir -p "$ROOT_DIR"
# --rootdir persists domain.xml, including last run's deployed application and resources. Left in
# place, the next boot first starts the STALE copy of the app (old code; its startup beans run, then
# --deploy replaces it: slower boot, a stopped class loader left behind), and add-resources skips
# the existing pool, so a changed CRM_JDBC_URL would be ignored. So every start begins from
# Payara's default config; the rest of the root dir (lib/databases/ = JBatch repository behind
# jdbc/__default, logs/) survives restarts, including after SIGKILL.
rm -rf "$ROOT_DIR/config/domain.xml" "$ROOT_DIR/config/domain.xml.bak" \
       "$ROOT_DIR/applications" "$ROOT_DIR/generated"

# --- server resources, generated on every start ---------------------------------------------------
# A resources file rather than create-jdbc-connection-pool --property: no escaping of ':' '=' ';'
# in URLs, and an empty password is fine. Payara still expands ${name} in the values (system
# properties, e.g. ${user.name}), so a password containing "${" does not reach the driver as is.
# If add-resources fails, Payara boots anyway without jdbc/crm: look for "add-resources" in the log.
xml_escape() {
    local s="$1"
    # Replacements quoted: bash >= 5.2 treats an unquoted '&' in them as the matched text.
    s="${s//&/"&amp;"}"; s="${s//</"&lt;"}"; s="${s//>/"&gt;"}"; s="${s//\"/"&quot;"}"; s="${s//\'/"&apos;"}"
    printf '%s' "$s"
}
RESOURCES_XML="$DATA_DIR/glassfish-resources.xml"
cat > "$RESOURCES_XML" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE resources PUBLIC "-//GlassFish.org//DTD GlassFish Application Server 3.1 Resource Definitions//EN"
    "http://glassfish.org/dtds/glassfish-resources_1_5.dtd">
<!-- Generated by deploy/run-program.sh on every start; edits are lost. -->
<resources>
  <jdbc-connection-pool name="crm-pool" res-type="javax.sql.DataSource"
      datasource-classname="$DS_CLASS"
      steady-pool-size="0" max-pool-size="16" pool-resize-quantity="2"
      is-connection-validation-required="true" connection-validation-method="auto-commit"
      fail-all-connections="true">
    <property name="URL" value="$(xml_escape "$CRM_JDBC_URL")"/>
    <property name="user" value="$(xml_escape "$CRM_JDBC_USER")"/>
    <property name="password" value="$(xml_escape "$CRM_JDBC_PASSWORD")"/>
  </jdbc-connection-pool>
  <jdbc-resource jndi-name="jdbc/crm" pool-name="crm-pool"/>
</resources>
EOF

# jdbc/__default (pool H2Pool) holds the JBatch repository. Without DB_CLOSE_ON_EXIT=FALSE, H2's own
# shutdown hook closes it on SIGTERM before running batch jobs can be stopped (see STACK.md).
DEFAULT_POOL_URL="jdbc:h2:$ROOT_DIR/lib/databases/embedded_default;DB_CLOSE_ON_EXIT=FALSE"
POSTBOOT="$DATA_DIR/postboot.asadmin"
cat > "$POSTBOOT" <<EOF
set resources.jdbc-connection-pool.H2Pool.property.URL=$DEFAULT_POOL_URL
add-resources $RESOURCES_XML
EOF

# Demo only: the stand-in CRM page (config key crmsync.demo.crm), passed through when set.
DEMO_OPTS=()
if [[ -n "${CRMSYNC_DEMO_CRM:-}" ]]; then
    export CRMSYNC_DEMO_CRM
    DEMO_OPTS=(-Dcrmsync.demo.crm="$CRMSYNC_DEMO_CRM")
fi

# The master key that encrypts stored secrets (Secrets.java) lives next to the program's data,
# unless the key or its file is configured (crmsync.secret.key / crmsync.secret.keyFile).
SECRET_OPTS=()
if [[ -z "${CRMSYNC_SECRET_KEY:-}" && -z "${CRMSYNC_SECRET_KEYFILE:-}" ]]; then
    SECRET_OPTS=(-Dcrmsync.secret.keyFile="$DATA_DIR/secret.key")
fi

# --nocluster: programs on one machine must not join each other's Hazelcast data grid.
# shellcheck disable=SC2086  # JAVA_OPTS is split on whitespace on purpose
exec java ${JAVA_OPTS:-} \
    -Dcrmsync.datasource=jdbc/crm \
    -Dcrmsync.program.name="$PROGRAM_NAME" \
    ${DEMO_OPTS[@]+"${DEMO_OPTS[@]}"} \
    ${SECRET_OPTS[@]+"${SECRET_OPTS[@]}"} \
    -jar "$LAUNCHER_JAR" \
    --nocluster \
    --disablephonehome \
    --port "$HTTP_PORT" \
    --rootdir "$ROOT_DIR" \
    --addlibs "$ADDLIBS" \
    --postbootcommandfile "$POSTBOOT" \
    --deploy "$WAR" \
    --contextroot crmsync
