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

# The generation's years: the last five academic years with facts (jobs.window_years).
YEARS=$(psql "$DATABASE_URL" -Atc "select start_year from academic_year a where exists (select 1 from period p
  where p.academic_year = a.start_year and exists (select 1 from mark_summary m where m.period_id = p.id)) order by 1 desc limit 5" | sort -n | xargs)
echo "years: $YEARS"

# The job's source queries (domain/src/trend/source.rs), year by year, as COPY … TO STDOUT.
COPY_SQL="$WORK/trend-source-copy.sql"
{
  echo "COPY (SELECT s.id AS school_id, s.district_id, d.region_id, s.design_capacity,
    (SELECT e.enrolment FROM enrolment_snapshot e WHERE e.school_id = s.id ORDER BY e.academic_year DESC LIMIT 1) AS latest_enrolment,
    (SELECT sl.language FROM school_language sl WHERE sl.school_id = s.id ORDER BY CASE sl.language
      WHEN 'ky' THEN 1 WHEN 'ru' THEN 2 WHEN 'uz' THEN 3 WHEN 'tj' THEN 4 ELSE 5 END LIMIT 1) AS main_language
    FROM school s JOIN district d ON d.id = s.district_id ORDER BY s.id) TO STDOUT;"
  for y in $YEARS; do
    SUMS="cg.school_id, cg.grade, p.kind AS period_kind, p.idx AS period_idx, ms.assessment_kind,
      CAST(SUM(ms.n5) AS BIGINT) AS n5, CAST(SUM(ms.n4) AS BIGINT) AS n4, CAST(SUM(ms.n3) AS BIGINT) AS n3,
      CAST(SUM(ms.n2) AS BIGINT) AS n2, CAST(SUM(ms.n1) AS BIGINT) AS n1, CAST(SUM(ms.n_na) AS BIGINT) AS n_na,
      CAST(SUM(ms.n_exempt) AS BIGINT) AS n_exempt, CAST(SUM(ms.n_enrolled) AS BIGINT) AS n_enrolled,
      CAST(COUNT(*) AS BIGINT) AS n_rows
      FROM mark_summary ms JOIN period p ON p.id = ms.period_id JOIN class_group cg ON cg.id = ms.class_group_id"
    GROUP="GROUP BY cg.school_id, cg.grade, p.kind, p.idx, ms.assessment_kind"
    echo "COPY (SELECT $SUMS WHERE ms.period_id IN (SELECT id FROM period WHERE academic_year = $y AND kind = 'year')
      AND ms.assessment_kind = 'period_marks' $GROUP
      UNION ALL SELECT $SUMS WHERE ms.period_id IN (SELECT id FROM period WHERE academic_year = $y)
      AND ms.assessment_kind IN ('admin_control', 'final_attestation', 'minimum_requirement') $GROUP
      ORDER BY 1, 2, 3, 4, 5) TO STDOUT;"
    echo "COPY (SELECT ri.school_id, ri.indicator, ri.value FROM reported_indicator ri JOIN period p ON p.id = ri.period_id
      WHERE p.academic_year = $y AND p.kind = 'year' AND ri.scope = 'school' ORDER BY ri.school_id, ri.indicator) TO STDOUT;"
    echo "COPY (SELECT school_id, listing, session, main_score, gold_certificate FROM ort_result
      WHERE academic_year = $y ORDER BY school_id, session, student_ref) TO STDOUT;"
    echo "COPY (SELECT school_id, session, test_language, participants, mean_score, median_score, max_score, threshold,
      n_ge_threshold, gold_certificates FROM ort_school_summary WHERE academic_year = $y ORDER BY school_id, session, test_language) TO STDOUT;"
    echo "COPY (SELECT main_min FROM ort_threshold WHERE academic_year = $y AND admission_type = 'grant'
      ORDER BY CASE WHEN programme_group = 'general' THEN 0 ELSE 1 END, main_min LIMIT 1) TO STDOUT;"
    echo "COPY (SELECT school_id, level, prize_count FROM olympiad_count_report WHERE academic_year = $y ORDER BY school_id, level) TO STDOUT;"
    echo "COPY (SELECT school_id, teachers_total, with_higher_ed, with_award_excellence, trained_last_5y
      FROM staff_snapshot WHERE academic_year = $y ORDER BY school_id) TO STDOUT;"
    echo "COPY (SELECT school_id, hours, participants FROM teacher_training WHERE academic_year = $y
      ORDER BY school_id, programme_name_ky, provider) TO STDOUT;"
    echo "COPY (SELECT school_id, enrolment FROM enrolment_snapshot WHERE academic_year = $y ORDER BY school_id) TO STDOUT;"
    echo "COPY (SELECT school_id, computers FROM infrastructure_snapshot WHERE academic_year = $y ORDER BY school_id) TO STDOUT;"
    echo "COPY (SELECT school_id, grade_band, required, available, provision_pct FROM textbook_provision
      WHERE academic_year = $y ORDER BY school_id, grade_band) TO STDOUT;"
  done
} >"$COPY_SQL"
SOURCE_ROWS=$(psql -X -q "$DATABASE_URL" -v ON_ERROR_STOP=1 -f "$COPY_SQL" | wc -l)
echo "the job's source rows (COPY): $SOURCE_ROWS"
record meta trend-source 0 "psql -X -q \$DATABASE_URL -f trend-source-copy.sql > /dev/null" rows="$SOURCE_ROWS" years="$YEARS"

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
