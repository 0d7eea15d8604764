#!/usr/bin/env bash
# Where the PostgreSQL import time goes (bench/import.sh must have run once: it leaves the
# exported year in target/bench). Two views:
#  1. a CPU profile (perf record -e cpu-clock, the hardware counters are not available in this
#     VM) of the PostgreSQL backend serving `sapat import mark-summaries`, for PROFILE_SECS;
#  2. COPY of the same resolved rows into a scratch copy of mark_summary (same columns,
#     checks and indexes, `LIKE … INCLUDING ALL`) with and without the three foreign keys and
#     with and without the secondary indexes, and `INSERT … SELECT … ON CONFLICT` from a staged
#     copy, each timed: the cost of each part of the write.
#
#   BENCH_DB=sapat_bench_national bash bench/profile-import.sh
set -euo pipefail
cd "$(dirname "$0")/.."
DB=${BENCH_DB:-sapat_bench_national}
# shellcheck source=bench/lib.sh
. bench/lib.sh
export DATABASE_URL="$ADMIN/$DB"
export RUST_LOG=warn
Y=${IMPORT_YEAR:-$(psql -X "$DATABASE_URL" -Atc "select max(academic_year) from class_group")}
CSV="$WORK/marks-$Y.csv"
RESOLVED="$WORK/marks-$Y.resolved.tsv"
[ -s "$CSV" ] && [ -s "$RESOLVED" ] || { echo "run bench/import.sh first"; exit 1; }
ROWS=$(wc -l <"$RESOLVED")
COLS="class_group_id, subject_id, period_id, assessment_kind, exam_form, n5, n4, n3, n2, n1, n_na, n_exempt, n_enrolled"
IN_YEAR="class_group_id IN (SELECT id FROM class_group WHERE academic_year = $Y)"
PROFILE_SECS=${PROFILE_SECS:-40}
P="psql -X -q $DATABASE_URL -v ON_ERROR_STOP=1"

if [ "${SKIP_PERF:-0}" != 1 ]; then
  echo "== perf profile of the backend during the import ($PROFILE_SECS s)"
  $P -c "DELETE FROM mark_summary WHERE $IN_YEAR" -c "VACUUM ANALYZE mark_summary"
  "$BIN" import mark-summaries "$CSV" >"$WORK/profile-import.log" 2>&1 &
  IMPORT=$!
  PID=""
  for _ in $(seq 1 300); do
    PID=$(psql -X "$DATABASE_URL" -Atc "select pid from pg_stat_activity where datname = current_database()
      and pid <> pg_backend_pid() and query like '%INSERT INTO mark_summary%' and state = 'active' limit 1")
    [ -n "$PID" ] && break
    sleep 0.2
  done
  if [ -n "$PID" ]; then
    perf record -e cpu-clock -F 499 -g -p "$PID" -o "$WORK/import-backend.perf" -- sleep "$PROFILE_SECS" 2>/dev/null
    perf record -e cpu-clock -F 499 -g -p "$IMPORT" -o "$WORK/import-client.perf" -- sleep 5 2>/dev/null || true
  fi
  wait $IMPORT
  tail -1 "$WORK/profile-import.log"
  for who in backend client; do
    [ -s "$WORK/import-$who.perf" ] || continue
    perf report -i "$WORK/import-$who.perf" --no-children --sort dso,symbol --stdio 2>/dev/null \
      | grep -v '^#' | grep '%' | head -40 >"$WORK/import-$who.top.txt"
    perf report -i "$WORK/import-$who.perf" --children --sort symbol --stdio -g none 2>/dev/null \
      | grep -v '^#' | grep '%' | head -60 >"$WORK/import-$who.children.txt"
    echo "-- $who, self time:"; head -25 "$WORK/import-$who.top.txt"
    echo "-- $who, inclusive (children):"; head -40 "$WORK/import-$who.children.txt"
  done
fi

echo "== COPY of the $ROWS resolved rows into a scratch copy of mark_summary"
copy_variant() { # NAME SETUP_SQL
  local name=$1 setup=$2 i
  for i in $(seq 1 "$RUNS"); do
    $P -c "DROP TABLE IF EXISTS bench_ms" -c "CREATE TABLE bench_ms (LIKE mark_summary INCLUDING ALL)" -c "$setup" -c "CHECKPOINT"
    timed import-parts "$name" "$i" sh -c "$P -c \"COPY bench_ms ($COLS) FROM STDIN\" < '$RESOLVED'"
  done
}
FK="ALTER TABLE bench_ms ADD FOREIGN KEY (class_group_id) REFERENCES class_group (id) ON DELETE CASCADE,
  ADD FOREIGN KEY (subject_id) REFERENCES subject (id), ADD FOREIGN KEY (period_id) REFERENCES period (id)"
NOIX="DROP INDEX IF EXISTS bench_ms_period_id_assessment_kind_idx; DROP INDEX IF EXISTS bench_ms_subject_id_idx"
copy_variant copy-scratch-indexes-fks "$FK"
copy_variant copy-scratch-indexes "SELECT 1"
copy_variant copy-scratch-unique-only "$NOIX"
# The import's statement shape without the import: rows staged in an unlogged table, then one
# INSERT … SELECT … ON CONFLICT … RETURNING into the scratch table with its keys.
for i in $(seq 1 "$RUNS"); do
  $P -c "DROP TABLE IF EXISTS bench_ms" -c "DROP TABLE IF EXISTS bench_stage" \
     -c "CREATE TABLE bench_ms (LIKE mark_summary INCLUDING ALL)" -c "$FK" \
     -c "CREATE UNLOGGED TABLE bench_stage AS SELECT $COLS FROM mark_summary LIMIT 0" \
     -c "COPY bench_stage FROM STDIN" -c "CHECKPOINT" <"$RESOLVED"
  timed import-parts upsert-from-stage "$i" $P -c "WITH w AS (INSERT INTO bench_ms ($COLS) SELECT * FROM bench_stage
    ON CONFLICT (class_group_id, subject_id, period_id, assessment_kind) DO UPDATE SET n5 = excluded.n5
    WHERE bench_ms.n5 IS DISTINCT FROM excluded.n5 RETURNING (xmax = 0) AS ins) SELECT count(*) FROM w"
done
$P -c "DROP TABLE IF EXISTS bench_ms" -c "DROP TABLE IF EXISTS bench_stage"
python3 - "$RESULTS" "$ROWS" <<'PY'
import json, statistics, sys
from collections import defaultdict
rows = int(sys.argv[2]); d = defaultdict(list)
for l in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(l)
    if r["group"] == "import-parts":
        d[r["name"]].append(r["wall_s"])
for k, v in d.items():
    print(f"{k}: median {statistics.median(v):.1f} s ({', '.join(f'{x:.1f}' for x in v)}), {rows / statistics.median(v):,.0f} rows/s")
PY
