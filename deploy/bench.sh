#!/usr/bin/env bash
# The crm-sync benchmark (issue 5). Measures and reports; asserts nothing; not part of `mvn verify`.
#
#   deploy/bench.sh           full run (200k-row initial load, 60 s per steady-state level, 1M-row
#                             load at -Xmx256m, ...): long
#   deploy/bench.sh --quick   same measurements with smaller sizes, about 5-10 minutes
#   --load-only               only the initial loads (HTTP, LOCAL, FTP) and the copy limit (with or
#                             without --quick), e.g. to profile the load
#   --seal-compare            only the initial loads and the steady-state latency, once on programs that
#                             seal and once on programs both started with -Dcrmsync.bench.unsealed=true
#                             (for this measurement only: never set it on a real installation; a program
#                             that seals refuses a program started with it); BENCH_SEAL_ROUNDS=n repeats
#                             the pair n times (ABBA order) to show the spread between runs
#
# Builds the WAR if it is missing or older than the sources (mvn -B -q package -DskipTests), compiles
# the benchmark (src/bench/java, Maven profile "bench"), then starts two programs with
# deploy/run-program.sh on ports 8810 (A) and 8820 (B) (a program whose boot fails, its JVM exiting, is
# started again once, saying so), each on its own database in the local
# PostgreSQL (bench_a, bench_b on 127.0.0.1:5432, user postgres; BENCH_PG_SERVER / BENCH_PG_USER /
# BENCH_PG_PASSWORD override). Statement counts read the server log (BENCH_PG_LOG overrides where).
# BENCH_JAVA_OPTS: JAVA_OPTS of the programs (the memory phase adds -Xmx256m).
# BENCH_PROGRAM_JDBC_PARAMS: appended to the programs' CRM_JDBC_URL, e.g. "?reWriteBatchedInserts=true"
# (to compare driver settings; default none).
#
# Output: a table on stdout, target/bench/results.json, report.md, latency.png; program logs and GC
# logs under target/bench/logs. On exit, Ctrl-C included, the programs are killed and the bench_*
# databases dropped.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"
ARGS=()
for arg in "$@"; do
    case "$arg" in
        --quick) ARGS+=(--quick) ;;
        --load-only) ARGS+=(--load-only) ;;
        --seal-compare) ARGS+=(--seal-compare) ;;
        -h|--help) sed -n '2,27p' "$0"; exit 0 ;;
        *) echo "bench.sh: unknown argument '$arg' (only --quick, --load-only, --seal-compare)" >&2; exit 2 ;;
    esac
done
OUT="$REPO_ROOT/target/bench"
mkdir -p "$OUT"

# --- build ------------------------------------------------------------------------------------------
GOALS=(test-compile)
if [[ ! -f target/crm-sync.war || ! -f target/payara-micro.jar || ! -f target/crm-sync-launcher.jar \
      || ! -f target/drivers/postgresql.jar ]] \
   || [[ -n "$(find src/main src/launcher webapp pom.xml -newer target/crm-sync.war -print -quit 2>/dev/null)" ]]; then
    echo "== building the WAR and the benchmark (mvn -B -q -Pbench package -DskipTests)"
    GOALS=(package -DskipTests)
else
    echo "== target/crm-sync.war is up to date; compiling the benchmark"
fi
mvn -B -q -Pbench "${GOALS[@]}" dependency:build-classpath \
    -Dmdep.outputFile="$OUT/classpath.txt" -Dmdep.includeScope=test
CP="$REPO_ROOT/target/test-classes:$REPO_ROOT/target/classes:$(cat "$OUT/classpath.txt")"

# --- clean-up, whatever happens ---------------------------------------------------------------------
BENCH_PID=""
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [[ -n "$BENCH_PID" ]] && kill -0 "$BENCH_PID" 2>/dev/null; then
        kill -TERM "$BENCH_PID" 2>/dev/null || true   # its shutdown hook kills the programs, drops the DBs
        for _ in $(seq 1 60); do kill -0 "$BENCH_PID" 2>/dev/null || break; sleep 1; done
        kill -KILL "$BENCH_PID" 2>/dev/null || true
    fi
    # Safety net if the benchmark JVM itself was killed: programs it started (pids it recorded, checked
    # to still be this benchmark's Payara before killing) and its databases.
    if [[ -f "$OUT/pids" ]]; then
        while read -r pid; do
            if [[ -n "$pid" && -r "/proc/$pid/cmdline" ]] \
               && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q -- "-Dcrmsync.program.name=bench-"; then
                kill -KILL "$pid" 2>/dev/null || true
            fi
        done < "$OUT/pids"
        rm -f "$OUT/pids"
    fi
    if command -v psql >/dev/null 2>&1; then
        for db in bench_a bench_b; do
            psql -q -h 127.0.0.1 -U "${BENCH_PG_USER:-postgres}" -d postgres \
                -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
        done
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- run --------------------------------------------------------------------------------------------
# In the background so that Ctrl-C reaches the trap at once (then SIGTERM lets the JVM clean up).
java -Djava.awt.headless=true -Dbench.repo="$REPO_ROOT" -cp "$CP" io.crmsync.bench.Bench "${ARGS[@]}" &
BENCH_PID=$!
wait "$BENCH_PID"
