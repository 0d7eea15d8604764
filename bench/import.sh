#!/usr/bin/env bash
# Import of one national year of mark summaries into PostgreSQL: the year's rows are exported
# as the import CSV (the template's columns), deleted, and imported again with
# `sapat import mark-summaries` (rows per second, CPU, peak RSS). Baseline in the same round:
# `COPY mark_summary FROM STDIN` of the same rows with their ids already resolved, into the
# same emptied table (same indexes, foreign keys and checks): what PostgreSQL itself can do.
#
#   BENCH_DB=sapat_bench_national bash bench/import.sh
#
# Then SQLite (SQLITE=0 skips it): the national schools are exported as a `schools` file and
# imported into a fresh SQLite file, and the same CSV imported into it: first into a year with
# no classes (every class created on the way), then again (all unchanged), then RUNS times
# into the emptied table (the classes kept), as on PostgreSQL.
#
# Env: RUNS (3), IMPORT_YEAR (the last year with marks), PROFILE=1 (perf of the backend in
# round 1), SQLITE (1), BENCH_DB, BENCH_BIN, RESULTS.
# Leaves the database with the same rows (new ids) and the year marked dirty.
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
IN_YEAR="class_group_id IN (SELECT id FROM class_group WHERE academic_year = $Y)"
COLS="class_group_id, subject_id, period_id, assessment_kind, exam_form, n5, n4, n3, n2, n1, n_na, n_exempt, n_enrolled"

if [ ! -s "$CSV" ] || [ ! -s "$RESOLVED" ]; then
  echo "exporting $Y's mark summaries"
  psql -X "$DATABASE_URL" -c "COPY (SELECT s.code AS school_code, ay.label AS academic_year, c.grade,
    c.letter AS class_letter, sub.code AS subject, CASE p.kind WHEN 'quarter' THEN 'Q' || p.idx
    WHEN 'half_year' THEN 'H' || p.idx ELSE 'year' END AS period, m.assessment_kind, m.exam_form,
    m.n5, m.n4, m.n3, m.n2, m.n1, m.n_na, m.n_exempt, m.n_enrolled FROM mark_summary m
    JOIN class_group c ON c.id = m.class_group_id JOIN school s ON s.id = c.school_id
    JOIN academic_year ay ON ay.start_year = c.academic_year JOIN subject sub ON sub.id = m.subject_id
    JOIN period p ON p.id = m.period_id WHERE c.academic_year = $Y ORDER BY m.id) TO STDOUT WITH CSV HEADER" >"$CSV"
  psql -X "$DATABASE_URL" -c "COPY (SELECT $COLS FROM mark_summary WHERE $IN_YEAR ORDER BY id) TO STDOUT" >"$RESOLVED"
fi
ROWS=$(($(wc -l <"$CSV") - 1))
echo "$CSV: $ROWS rows, $(du -m "$CSV" | cut -f1) MB"
record meta import 0 "" year="$Y" rows="$ROWS" csv_mb="$(du -m "$CSV" | cut -f1)" \
  total_mark_rows="$(psql -X "$DATABASE_URL" -Atc "select count(*) from mark_summary")"

empty_year() { # the year's rows out, the table vacuumed (not timed as part of any figure)
  local t0=$SECONDS
  psql -X -q "$DATABASE_URL" -c "DELETE FROM mark_summary WHERE $IN_YEAR" -c "VACUUM ANALYZE mark_summary"
  echo "  (emptied $Y in $((SECONDS - t0)) s)"
}

rate() { # NAME RUN: rows/s of the last record
  python3 - "$RESULTS" "$ROWS" <<'PY'
import json, sys
last = json.loads(open(sys.argv[1], encoding="utf-8").read().splitlines()[-1])
print(f"  {int(sys.argv[2]) / last['wall_s']:,.0f} rows/s")
PY
}

# PROFILE=1: a CPU profile (perf record -e cpu-clock; the VM has no hardware counters) of the
# PostgreSQL backend serving the first round's import, for PROFILE_SECS, summarised into
# $WORK/import-backend.top.txt (self time by symbol).
profile_backend() {
  local pid="" _
  for _ in $(seq 1 600); do
    pid=$(psql -X "$DATABASE_URL" -Atc "select pid from pg_stat_activity where datname = current_database()
      and pid <> pg_backend_pid() and query like '%INSERT INTO mark_summary%' and state = 'active' limit 1")
    [ -n "$pid" ] && break
    sleep 0.1
  done
  [ -n "$pid" ] || return 0
  perf record -e cpu-clock -F 499 -p "$pid" -o "$WORK/import-backend.perf" -- sleep "${PROFILE_SECS:-40}" >/dev/null 2>&1 || true
  perf report -i "$WORK/import-backend.perf" --no-children --sort dso,symbol --stdio 2>/dev/null \
    | grep -v '^#' | grep '%' | sed 's/  */ /g' | head -40 >"$WORK/import-backend.top.txt"
}

for i in $(seq 1 "$RUNS"); do
  echo "== round $i"
  empty_year
  timed import copy-in "$i" sh -c "psql -X -q '$DATABASE_URL' -v ON_ERROR_STOP=1 -c \"COPY mark_summary ($COLS) FROM STDIN\" < '$RESOLVED'"
  rate
  empty_year
  if [ "$i" = 1 ] && [ "${PROFILE:-0}" = 1 ]; then profile_backend & PROF=$!; fi
  timed import import-marks "$i" "$BIN" import mark-summaries "$CSV"
  rate
  if [ -n "${PROF:-}" ]; then wait "$PROF" || true; PROF=""; fi
  tail -1 "$WORK/import-marks.$i.log"
done
echo "== the same file again (all unchanged)"
timed import import-unchanged 1 "$BIN" import mark-summaries "$CSV"
rate
tail -1 "$WORK/import-unchanged.1.log"

[ "${SQLITE:-1}" = 1 ] || exit 0
echo "== SQLite: the same file into a SQLite database with the national schools"
SCHOOLS="$WORK/schools.csv"
psql -X "$DATABASE_URL" -c "COPY (SELECT s.code AS school_code, d.code AS district, s.number AS school_number,
  s.name_ky, s.name_ru, s.name_en, s.settlement, s.ownership, s.school_type FROM school s
  JOIN district d ON d.id = s.district_id ORDER BY s.id) TO STDOUT WITH CSV HEADER" >"$SCHOOLS"
LITE="$WORK/import.sqlite"
rm -f "$LITE" "$LITE-wal" "$LITE-shm"
(
  export DATABASE_URL="sqlite://$(realpath "$WORK")/import.sqlite?mode=rwc"
  "$BIN" migrate up >/dev/null
  "$BIN" import schools "$SCHOOLS" | tail -1
  timed import import-sqlite-new-year 1 "$BIN" import mark-summaries "$CSV"
  rate
  tail -1 "$WORK/import-sqlite-new-year.1.log"
  timed import import-sqlite-unchanged 1 "$BIN" import mark-summaries "$CSV"
  rate
  for i in $(seq 1 "$RUNS"); do
    sqlite3 "$LITE" "DELETE FROM mark_summary" "VACUUM" "ANALYZE"
    timed import import-sqlite "$i" "$BIN" import mark-summaries "$CSV"
    rate
    tail -1 "$WORK/import-sqlite.$i.log"
  done
)
rm -f "$LITE" "$LITE-wal" "$LITE-shm"
