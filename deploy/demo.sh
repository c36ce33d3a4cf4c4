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
#   DEMO_WORK_DIR=/tmp/demo deploy/demo.sh   # databases, program state, logs and lock in /tmp/demo/data
#                                            # (default: data/ of this checkout)
#
# It builds (mvn package) only when target/crm-sync-demo.war is missing or older than the sources. A
# program whose server fails to boot (its JVM exits) is started again once, saying so.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${DEMO_WORK_DIR:-$ROOT}"
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
# One demo per data folder: a second one would delete the running one's databases and files.
mkdir -p "$WORK/data"
cd "$WORK"
WORK="$(pwd -P)"
exec 9>data/demo.lock
flock -n 9 || die "a demo already runs with $WORK/data (data/demo.lock); stop it first (Ctrl-C in its terminal)"
for port in "$PORT_A" "$PORT_B"; do
    # 7: nothing listens. Anything else (an answer, a timeout) means the port is taken.
    rc=0; curl -s -o /dev/null --max-time 5 "http://127.0.0.1:$port/" || rc=$?
    [[ $rc == 7 ]] || die "port $port is in use (set DEMO_PORT_A / DEMO_PORT_B)"
done

DEMO_WAR="$ROOT/target/crm-sync-demo.war"
BUILT=("$DEMO_WAR" "$ROOT/target/payara-micro.jar" "$ROOT/target/crm-sync-launcher.jar" "$ROOT/target/tools/h2.jar"
       "$ROOT/target/drivers/crm-sync-h2-trigger.jar")
stale() {
    local f
    for f in "${BUILT[@]}"; do [[ -f "$f" ]] || return 0; done
    [[ -n "$(cd "$ROOT" && find src/main src/demo src/launcher webapp pom.xml -newer "$DEMO_WAR" -print -quit 2>/dev/null)" ]]
}
if stale; then
    say "Building crm-sync (mvn package)"
    # Maven 3.8 prints stray colour resets even with -B; they are dropped.
    if ! (cd "$ROOT" && mvn -B -q -Dstyle.color=never package -DskipTests 2>&1 | sed 's/\x1b\[[0-9;]*m//g'); then
        die "the build failed (see above)"
    fi
else
    say "target/crm-sync-demo.war is up to date (not building)"
fi

H2_CP="$ROOT/target/tools/h2.jar:$ROOT/target/drivers/crm-sync-h2-trigger.jar"
h2url() { echo "jdbc:h2:file:$WORK/data/$1/crm;AUTO_SERVER=TRUE;DB_CLOSE_DELAY=-1;WRITE_DELAY=0"; }
JAVA_UTF8=(-Dfile.encoding=UTF-8 -Dsun.stdout.encoding=UTF-8)
sql() { java "${JAVA_UTF8[@]}" -cp "$H2_CP" org.h2.tools.Shell -url "$(h2url "$1")" -user crm -password crm -sql "$2"; }

say "Creating the demo CRM databases (H2 files under data/demo-a and data/demo-b)"
rm -rf data/demo-a data/demo-b
mkdir -p data/demo-a data/demo-b
for p in a b; do
    java "${JAVA_UTF8[@]}" -cp "$H2_CP" org.h2.tools.RunScript -url "$(h2url "demo-$p")" -user crm \
        -password crm -script "$ROOT/deploy/demo/schema-$p.sql" -options CHARSET "'UTF-8'"
done

say "Starting program A (port $PORT_A) and program B (port $PORT_B) in Payara Micro"
NAMES=(demo-a demo-b)
PORTS=("$PORT_A" "$PORT_B")
PIDS=()
RESTARTED=(no no)
stop_all() { [[ ${#PIDS[@]} -gt 0 ]] && kill "${PIDS[@]}" 2>/dev/null; wait 2>/dev/null || true; }
trap stop_all EXIT INT TERM
start_program() { # start_program INDEX: program demo-a (0) or demo-b (1), output appended to data/NAME.log
    PROGRAM_NAME="${NAMES[$1]}" HTTP_PORT="${PORTS[$1]}" CRM_JDBC_URL= CRMSYNC_DEMO_CRM=true CRMSYNC_WAR="$DEMO_WAR" \
        bash "$ROOT/deploy/run-program.sh" >> "data/${NAMES[$1]}.log" 2>&1 &
    PIDS[$1]=$!
}
# A program whose boot fails exits (status 1, the reason in its log): started again once.
check_alive() { # check_alive INDEX
    local k=$1 status=0
    kill -0 "${PIDS[$k]}" 2>/dev/null && return 0
    wait "${PIDS[$k]}" 2>/dev/null || status=$?
    [[ ${RESTARTED[$k]} == no ]] \
        || die "program ${NAMES[$k]} stopped again during its boot (exit status $status); see data/${NAMES[$k]}.log"
    echo
    echo "program ${NAMES[$k]} stopped during its boot (exit status $status; see data/${NAMES[$k]}.log): starting it again, once"
    RESTARTED[$k]=yes
    start_program "$k"
}
: > data/demo-a.log
: > data/demo-b.log
start_program 0
start_program 1
# Payara Micro boots in 20-30 s on an idle machine and took over two minutes on a loaded one.
BOOT_SECONDS="${DEMO_BOOT_SECONDS:-300}"
for k in 0 1; do
    port="${PORTS[$k]}"
    printf 'waiting for the program on port %s' "$port"
    for i in $(seq 1 "$BOOT_SECONDS"); do
        curl -sf --max-time 5 "http://127.0.0.1:$port/crmsync/api/health" >/dev/null && break
        check_alive 0
        check_alive 1
        (( i % 10 == 0 )) && printf ' %d s' "$i"
        sleep 1
    done
    echo
    curl -sf --max-time 5 "http://127.0.0.1:$port/crmsync/api/health" >/dev/null \
        || die "program on port $port did not start within $BOOT_SECONDS s; see data/${NAMES[$k]}.log"
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
Logs: $WORK/data/demo-a.log, $WORK/data/demo-b.log.  Ctrl-C stops both programs.
EOF2
wait
