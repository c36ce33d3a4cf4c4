#!/usr/bin/env bash
# crm-sync demo: builds the WAR, starts program A (active, head office) and program B (passive,
# branch) in Payara Micro on H2 databases with a small demo CRM (clients, invoices), sets up an
# HTTP sync between them through the admin API, changes a client in A and shows it arriving in B.
# Then it keeps both programs running until Ctrl-C, with a stand-in CRM page (/crmsync/demo-crm) on
# each program where clients can be edited, and the settings page (/crmsync/settings). The page is
# not part of crm-sync.war: the programs run target/crm-sync-demo.war, the product WAR plus the page
# (built from src/demo/java by the same mvn package).
#
#   deploy/demo.sh                 # A on :8081, B on :8082, login admin / admin
#   CRMSYNC_ADMIN_PASSWORD=s3cret deploy/demo.sh
#   DEMO_PORT_A=9081 DEMO_PORT_B=9082 deploy/demo.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PORT_A="${DEMO_PORT_A:-8081}"
PORT_B="${DEMO_PORT_B:-8082}"
export CRMSYNC_ADMIN_USER="${CRMSYNC_ADMIN_USER:-admin}"
export CRMSYNC_ADMIN_PASSWORD="${CRMSYNC_ADMIN_PASSWORD:-admin}"
AUTH="$CRMSYNC_ADMIN_USER:$CRMSYNC_ADMIN_PASSWORD"
SYNC_PASSWORD="demo-sync-$RANDOM$RANDOM"

# Bold headings on a terminal only; in a file or a pipe the escape codes would show as text.
if [[ -t 1 ]]; then say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }; else say() { printf '\n== %s\n' "$*"; }; fi
die() { echo "demo.sh: $*" >&2; exit 1; }

for tool in java mvn curl flock; do command -v "$tool" >/dev/null || die "$tool is required"; done
# One demo per checkout: a second one would delete the running one's databases and files.
mkdir -p data
exec 9>data/demo.lock
flock -n 9 || die "a demo already runs in this checkout (data/demo.lock); stop it first (Ctrl-C in its terminal)"
for port in "$PORT_A" "$PORT_B"; do
    if curl -s -o /dev/null "http://127.0.0.1:$port/"; then die "port $port is in use (set DEMO_PORT_A / DEMO_PORT_B)"; fi
done

say "Building crm-sync (mvn package)"
# Maven 3.8 prints stray colour resets even with -B; they are dropped.
if ! mvn -B -q -Dstyle.color=never package -DskipTests 2>&1 | sed 's/\x1b\[[0-9;]*m//g'; then
    die "the build failed (see above)"
fi
DEMO_WAR="$ROOT/target/crm-sync-demo.war"

H2_CP="target/tools/h2.jar:target/drivers/crm-sync-h2-trigger.jar"
h2url() { echo "jdbc:h2:file:$ROOT/data/$1/crm;AUTO_SERVER=TRUE;DB_CLOSE_DELAY=-1;WRITE_DELAY=0"; }
JAVA_UTF8=(-Dfile.encoding=UTF-8 -Dsun.stdout.encoding=UTF-8)
sql() { java "${JAVA_UTF8[@]}" -cp "$H2_CP" org.h2.tools.Shell -url "$(h2url "$1")" -user crm -password crm -sql "$2"; }

say "Creating the demo CRM databases (H2 files under data/demo-a and data/demo-b)"
rm -rf data/demo-a data/demo-b
mkdir -p data/demo-a data/demo-b
for p in a b; do
    java "${JAVA_UTF8[@]}" -cp "$H2_CP" org.h2.tools.RunScript -url "$(h2url "demo-$p")" -user crm \
        -password crm -script "deploy/demo/schema-$p.sql" -options CHARSET "'UTF-8'"
done

say "Starting program A (port $PORT_A) and program B (port $PORT_B) in Payara Micro"
PIDS=()
stop_all() { [[ ${#PIDS[@]} -gt 0 ]] && kill "${PIDS[@]}" 2>/dev/null; wait 2>/dev/null || true; }
trap stop_all EXIT INT TERM
PROGRAM_NAME=demo-a HTTP_PORT="$PORT_A" CRM_JDBC_URL= CRMSYNC_DEMO_CRM=true CRMSYNC_WAR="$DEMO_WAR" bash deploy/run-program.sh > data/demo-a.log 2>&1 &
PIDS+=($!)
PROGRAM_NAME=demo-b HTTP_PORT="$PORT_B" CRM_JDBC_URL= CRMSYNC_DEMO_CRM=true CRMSYNC_WAR="$DEMO_WAR" bash deploy/run-program.sh > data/demo-b.log 2>&1 &
PIDS+=($!)
# Payara Micro boots in 20-30 s on an idle machine and took over two minutes on a loaded one.
BOOT_SECONDS="${DEMO_BOOT_SECONDS:-300}"
for port in "$PORT_A" "$PORT_B"; do
    printf 'waiting for the program on port %s' "$port"
    for i in $(seq 1 "$BOOT_SECONDS"); do
        curl -sf "http://127.0.0.1:$port/crmsync/api/health" >/dev/null && break
        kill -0 "${PIDS[@]}" 2>/dev/null || die "a program stopped; see data/demo-a.log and data/demo-b.log"
        (( i % 10 == 0 )) && printf ' %d s' "$i"
        sleep 1
    done
    echo
    curl -sf "http://127.0.0.1:$port/crmsync/api/health" >/dev/null || die "program on port $port did not start; see data/demo-*.log"
done
echo "both programs are up"

api() { # api PORT METHOD PATH [JSON]
    curl -sS -f -u "$AUTH" -X "$2" -H 'Content-Type: application/json' \
        "http://127.0.0.1:$1/crmsync/api/admin$3" ${4:+-d "$4"}
}
json_field() { sed -n "s/.*\"$1\":\"\\{0,1\\}\\([^,\"}]*\\).*/\\1/p" | head -1; }

say "Setting up the sync: passive on B first, then active on A"
PASSIVE=$(api "$PORT_B" POST /syncs "{\"name\":\"Head office - Branch\",\"mode\":\"PASSIVE\",\"transport\":\"HTTP\",\"periodSeconds\":1,\"password\":\"$SYNC_PASSWORD\"}")
PASSIVE_ID=$(echo "$PASSIVE" | json_field id)
PEER_URL=$(echo "$PASSIVE" | json_field peerUrl)
echo "B shows the peer URL to copy into A: $PEER_URL"
ACTIVE=$(api "$PORT_A" POST /syncs "{\"name\":\"Head office - Branch\",\"mode\":\"ACTIVE\",\"transport\":\"HTTP\",\"periodSeconds\":1,\"password\":\"$SYNC_PASSWORD\",\"remoteUrl\":\"$PEER_URL\"}")
ACTIVE_ID=$(echo "$ACTIVE" | json_field id)
for t in CLIENTS INVOICES; do
    api "$PORT_B" POST "/syncs/$PASSIVE_ID/tables" "{\"table\":\"$t\",\"direction\":\"BOTH\"}" >/dev/null
    api "$PORT_A" POST "/syncs/$ACTIVE_ID/tables" "{\"table\":\"$t\",\"direction\":\"BOTH\"}" >/dev/null
done
echo "whole tables CLIENTS and INVOICES added on both sides, two-way (INVOICES.CLIENT_ID is a link: skipped)"

say "Initial load: A's clients arriving in B"
for _ in $(seq 1 30); do
    n=$(sql demo-b "SELECT COUNT(*) FROM clients" | sed -n '2p' | tr -d ' ')
    [[ "$n" == "3" ]] && break
    sleep 1
done
sql demo-b "SELECT id, name, phone, balance FROM clients ORDER BY name"

say "Changing a client in A: client 1 (ООО «Ромашка») gets a new phone number"
sql demo-a "UPDATE clients SET phone = '+7 495 000-00-01' WHERE id = 1" >/dev/null
sql demo-a "SELECT id, name, phone FROM clients WHERE id = 1"
echo "... and in B, a moment later:"
for _ in $(seq 1 30); do
    sql demo-b "SELECT phone FROM clients" | grep -q '000-00-01' && break
    sleep 1
done
sql demo-b "SELECT id, name, phone FROM clients WHERE phone = '+7 495 000-00-01'"
echo "The change log of B (newest first):"
curl -sS -u "$AUTH" "http://127.0.0.1:$PORT_B/crmsync/api/admin/log?limit=3"; echo

say "Running"
cat <<EOF2
Program A (active):  http://127.0.0.1:$PORT_A/crmsync/settings   admin API: http://127.0.0.1:$PORT_A/crmsync/api/admin/syncs
Program B (passive): http://127.0.0.1:$PORT_B/crmsync/settings   admin API: http://127.0.0.1:$PORT_B/crmsync/api/admin/syncs
Administrator login: $CRMSYNC_ADMIN_USER / $CRMSYNC_ADMIN_PASSWORD
Stand-in CRM pages: http://127.0.0.1:$PORT_A/crmsync/demo-crm (A)  http://127.0.0.1:$PORT_B/crmsync/demo-crm (B)
  edit a client in A, reload B's page: the change arrives within a second or two. Their menu
  "Настройки → Дополнительно → Синхронизация" opens the settings page: http://127.0.0.1:$PORT_A/crmsync/settings
Edit the databases with:  java -Dfile.encoding=UTF-8 -cp $H2_CP org.h2.tools.Shell -url '$(h2url demo-a)' -user crm -password crm
Logs: data/demo-a.log, data/demo-b.log.  Ctrl-C stops both programs.
EOF2
wait
