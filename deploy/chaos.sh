#!/usr/bin/env bash
# The fault suite in full (issue 6): under steady edits on both sides (two Payara Micro programs on
# PostgreSQL), 20 SIGKILLs of each program at random moments, and 5 rounds of each network fault
# through a fault-injecting TCP proxy (connection refused, reset mid-request, reset after the
# passive side answered, 5 s stalls, a 1 KB/s link, truncated answers), 10 "restarts" of each
# program's CRM database (its sessions terminated, new connections refused for 5 s; the shared
# PostgreSQL server keeps running), and 5 rounds each of a deadlock and of a serialization failure
# (REPEATABLE READ) that kill the applier's transaction, on the active and on the passive side.
# Prints the table
#   fault | runs | edits made | edits arrived | duplicates | divergent values
# (also in target/chaos/report.md). The goal is zero in the last three columns on every row.
# `mvn -B verify` runs the same suite in a short form (3 kills of each side, one round per fault,
# 2 database restarts of each side). The folder faults (read-only and full LOCAL folder, FTP server
# gone mid-upload) are in FolderFaultIT, which `mvn -B verify` runs whole.
#
#   deploy/chaos.sh                      # full
#   CHAOS_KILLS=5 CHAOS_ROUNDS=2 CHAOS_DB_RESTARTS=3 deploy/chaos.sh
#   CHAOS_SEED=7 deploy/chaos.sh         # other random kill moments
set -uo pipefail
cd "$(dirname "$0")/.."
kills=${CHAOS_KILLS:-20}
rounds=${CHAOS_ROUNDS:-5}
seed=${CHAOS_SEED:-42}
db_restarts=${CHAOS_DB_RESTARTS:-10}
mvn -B verify -Dit.test=ChaosIT -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
  -Dcrmsync.chaos.kills="$kills" -Dcrmsync.chaos.rounds="$rounds" -Dcrmsync.chaos.seed="$seed" \
  -Dcrmsync.chaos.dbRestarts="$db_restarts"
status=$?
echo
echo "crm-sync fault suite: $kills kills of each program, $rounds rounds of each network fault and"
echo "of each database conflict, $db_restarts database restarts of each program"
if [[ -f target/chaos/report.md ]]; then
  cat target/chaos/report.md
else
  echo "(no report: the suite did not get as far as its first run; see the Maven output above)"
fi
exit $status
