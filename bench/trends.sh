#!/usr/bin/env bash
# The trend job on the national database: a full refresh, against the bare extraction of the
# same source rows (`COPY (the job's source queries) TO STDOUT` > /dev/null) in the same round;
# then an incremental refresh after one school's edit (one mark-summary row changed through
# `sapat import`, which marks the year dirty in `data_change` as every import does).
# Wall time, CPU time (user + sys) and peak RSS from /usr/bin/time; the job's own phase
# timings (read, compute, write, validate, publish) from its JSON log.
#
#   BENCH_DB=sapat_bench_national bash bench/trends.sh
#
# Env: RUNS (3), BENCH_DB, BENCH_BIN, RESULTS; PARTS ("full incremental"); LABEL, appended to
# the recorded names; GENERATION_FKS=1 puts the generation tables' foreign keys back for the
# run (as before migration 000014) and drops them again at the end, to measure what they cost.
# The database must hold the demo data and a published generation (bench/run.sh prepares it).
set -euo pipefail
cd "$(dirname "$0")/.."
DB=${BENCH_DB:-sapat_bench_national}
# shellcheck source=bench/lib.sh
. bench/lib.sh
export DATABASE_URL="$ADMIN/$DB"
export RUST_LOG=info,sqlx=warn,sea_orm=warn SAPAT_LOG__FORMAT=json
PARTS=${PARTS:-full incremental}
LABEL=${LABEL:-}
GENERATION_TABLES="indicator_value indicator_trend indicator_comparison"
if [ "${GENERATION_FKS:-0}" = 1 ]; then
  for t in $GENERATION_TABLES; do
    psql -X -q "$DATABASE_URL" -c "ALTER TABLE $t ADD CONSTRAINT ${t}_generation_id_fkey FOREIGN KEY (generation_id) REFERENCES trend_generation (id) ON DELETE CASCADE"
  done
  drop_fks() {
    for t in $GENERATION_TABLES; do
      psql -X -q "$DATABASE_URL" -c "ALTER TABLE $t DROP CONSTRAINT IF EXISTS ${t}_generation_id_fkey"
    done
  }
  trap drop_fks EXIT
fi

# The job's source queries, exactly as a full run reads them (`sapat jobs sources --copy`:
# the statements of `domain::trend::source::sql` with the planned years bound), as COPY … TO
# STDOUT; and the published generation's years.
COPY_SQL="$WORK/trend-source-copy.sql"
"$BIN" jobs sources --copy >"$COPY_SQL"
YEARS=$(psql -X "$DATABASE_URL" -Atc "select string_agg(year::text, ' ' order by year) from generation_year
  where generation_id = (select generation_id from published_generation)")
echo "years: $YEARS; $(wc -l <"$COPY_SQL") statements"
SOURCE_ROWS=$(psql -X -q "$DATABASE_URL" -v ON_ERROR_STOP=1 -f "$COPY_SQL" | wc -l)
echo "the job's source rows (COPY): $SOURCE_ROWS"
record meta trend-source 0 "sapat jobs sources --copy > trend-source-copy.sql; psql -X -q \$DATABASE_URL -f trend-source-copy.sql > /dev/null" rows="$SOURCE_ROWS" years="$YEARS" statements="$(wc -l <"$COPY_SQL")"

# phases NAME RUN: the job's phase timings from its JSON log, recorded.
phases() {
  local log="$WORK/$1.$2.log"
  python3 - "$log" "$1" "$2" <<'PY' | while read -r kv; do [ -n "$kv" ] && record phases "$1" "$2" "" $kv; done
import json, sys
log, name, run = sys.argv[1:]
read = compute = 0
out = {}
for line in open(log, encoding="utf-8"):
    line = line.strip()
    if not line.startswith("{"):
        continue
    f = json.loads(line).get("fields", {})
    m = f.get("message", "")
    if m == "year computed":
        read += f.get("read_ms", 0); compute += f.get("compute_ms", 0)
    elif m == "school values computed":
        out["years_ms"] = f.get("years_ms")
    elif m == "areas, comparisons, flags and trends computed":
        out["derive_ms"] = f.get("compute_ms"); out["values"] = f.get("values")
        out["trends"] = f.get("trends"); out["comparisons"] = f.get("comparisons")
    elif m == "generation written":
        out["write_ms"] = f.get("write_ms"); out["rows_written"] = f.get("rows_written")
    elif m == "generation validated":
        out["validate_ms"] = f.get("validate_ms")
    elif m == "superseded generations deleted":
        out["delete_ms"] = f.get("delete_ms")
    elif m == "generation published":
        out["publish_ms"] = f.get("publish_ms")
    elif m == "trend years":
        out["recompute"] = "+".join(str(y) for y in (f.get("recompute") or "").strip("[]").split(", ") if y) if isinstance(f.get("recompute"), str) else f.get("recompute")
        out["carried"] = f.get("carried")
    elif m == "trend run succeeded":
        out["rows_read"] = f.get("rows_read"); out["job_ms"] = f.get("duration_ms")
out["read_ms"] = read; out["year_compute_ms"] = compute
print(" ".join(f"{k}={v}" for k, v in out.items() if v is not None))
PY
  echo "  phases: $(tail -1 "$RESULTS")"
}

if [[ " $PARTS " == *" full "* ]]; then
echo "== full refresh vs bare extraction (COPY of the same source rows)"
for i in $(seq 1 "$RUNS"); do
  timed trend "copy-extract$LABEL" "$i" sh -c "psql -X -q '$DATABASE_URL' -v ON_ERROR_STOP=1 -f '$COPY_SQL' > /dev/null"
  timed trend "full-refresh$LABEL" "$i" "$BIN" jobs run trends --full
  phases "full-refresh$LABEL" "$i"
done
fi
[[ " $PARTS " == *" incremental "* ]] || exit 0

# One school's edit: one annual mark-summary row of the last year, n5 + 1 and n4 − 1 (and
# back in the next round), imported as a one-row CSV.
LAST=${YEARS##* }
EXPORT="SELECT s.code AS school_code, ay.label AS academic_year, c.grade, c.letter AS class_letter,
  sub.code AS subject, 'year' AS period, m.assessment_kind, m.exam_form,
  m.n5, m.n4, m.n3, m.n2, m.n1, m.n_na, m.n_exempt, m.n_enrolled
  FROM mark_summary m JOIN class_group c ON c.id = m.class_group_id JOIN school s ON s.id = c.school_id
  JOIN academic_year ay ON ay.start_year = c.academic_year JOIN subject sub ON sub.id = m.subject_id
  JOIN period p ON p.id = m.period_id
  WHERE c.academic_year = $LAST AND p.kind = 'year' AND m.assessment_kind = 'period_marks' AND m.n4 > 0
  ORDER BY s.id, c.grade, c.letter, sub.code LIMIT 1"
psql -X "$DATABASE_URL" -c "COPY ($EXPORT) TO STDOUT WITH CSV HEADER" >"$WORK/edit-original.csv"
python3 - "$WORK/edit-original.csv" "$WORK/edit-changed.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
r = rows[0]
r["n5"] = str(int(r["n5"]) + 1); r["n4"] = str(int(r["n4"]) - 1)
with open(sys.argv[2], "w", encoding="utf-8", newline="") as f:
    w = csv.DictWriter(f, fieldnames=list(r.keys())); w.writeheader(); w.writerow(r)
PY
echo "edited row: $(tail -1 "$WORK/edit-changed.csv")"
echo "== incremental refresh after one school's edit"
for i in $(seq 1 "$RUNS"); do
  if [ $((i % 2)) = 1 ]; then CSV="$WORK/edit-changed.csv"; else CSV="$WORK/edit-original.csv"; fi
  timed trend "edit-import$LABEL" "$i" "$BIN" import mark-summaries "$CSV"
  grep -q '"updated":1\|updated: 1\|1 updated' "$WORK/edit-import$LABEL.$i.log" || { echo "the edit changed nothing:"; cat "$WORK/edit-import$LABEL.$i.log"; }
  timed trend "incremental-refresh$LABEL" "$i" "$BIN" jobs run trends
  phases "incremental-refresh$LABEL" "$i"
done
# Leave the row as it was.
if [ $((RUNS % 2)) = 1 ]; then RUST_LOG=warn "$BIN" import mark-summaries "$WORK/edit-original.csv" >/dev/null; fi
