#!/usr/bin/env bash
# Where the PostgreSQL import time goes, part by part (bench/import.sh must have run once: it
# leaves the exported year in target/bench; its PROFILE=1 gives the backend's CPU profile).
# COPY of the same resolved rows into a scratch copy of mark_summary (same columns, checks and
# indexes, `LIKE … INCLUDING ALL`) with and without the three foreign keys and with and
# without the secondary indexes, with migration 24's set-based checks in place of the keys,
# and the import's `INSERT … SELECT … ON CONFLICT` from a staged copy, each timed.
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
P="psql -X -q $DATABASE_URL -v ON_ERROR_STOP=1"
# One run per variant by default: a breakdown, not a headline figure.
RUNS=${PARTS_RUNS:-1}

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
# Migration 24's replacement of the foreign keys: one set-based check per statement.
CHECKS="CREATE TRIGGER bench_ms_parents AFTER INSERT ON bench_ms REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION mark_summary_parents_exist()"
NOIX="DROP INDEX IF EXISTS bench_ms_period_id_assessment_kind_idx; DROP INDEX IF EXISTS bench_ms_subject_id_idx"
copy_variant copy-scratch-indexes-fks "$FK"
copy_variant copy-scratch-indexes-checks "$CHECKS"
copy_variant copy-scratch-indexes "SELECT 1"
copy_variant copy-scratch-unique-only "$NOIX"
# The import's statement shape without the import: rows staged in an unlogged table, then one
# INSERT … SELECT … ON CONFLICT … RETURNING into the scratch table with the foreign keys
# (before migration 24) or with its set-based checks (since).
for i in $(seq 1 "$RUNS"); do for keys in fks checks; do
  if [ "$keys" = fks ]; then SETUP=$FK; NAME=upsert-from-stage; else SETUP=$CHECKS; NAME=upsert-from-stage-checks; fi
  $P -c "DROP TABLE IF EXISTS bench_ms" -c "DROP TABLE IF EXISTS bench_stage" \
     -c "CREATE TABLE bench_ms (LIKE mark_summary INCLUDING ALL)" -c "$SETUP" \
     -c "CREATE UNLOGGED TABLE bench_stage AS SELECT $COLS FROM mark_summary LIMIT 0" \
     -c "COPY bench_stage FROM STDIN" -c "CHECKPOINT" <"$RESOLVED"
  timed import-parts "$NAME" "$i" $P -c "WITH w AS (INSERT INTO bench_ms ($COLS) SELECT * FROM bench_stage
    ON CONFLICT (class_group_id, subject_id, period_id, assessment_kind) DO UPDATE SET n5 = excluded.n5
    WHERE bench_ms.n5 IS DISTINCT FROM excluded.n5 RETURNING (xmax = 0) AS ins) SELECT count(*) FROM w"
done; done
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
