#!/usr/bin/env bash
# The reports on the national database: one school report and one district report of the
# largest district (most schools), as PDF and XLSX, then every school's report of that district
# in one command (`--out-dir`). Wall time, CPU time and peak RSS from /usr/bin/time, each $RUNS
# times; every command renders from the published snapshot and the database as `sapat report`
# does for a user.
#
#   BENCH_DB=sapat_bench_national bash bench/reports.sh
#
# Env: RUNS (3), BENCH_DB, BENCH_BIN, RESULTS; ALL_RUNS (1): runs of the whole district.
set -euo pipefail
cd "$(dirname "$0")/.."
DB=${BENCH_DB:-sapat_bench_national}
# shellcheck source=bench/lib.sh
. bench/lib.sh
export DATABASE_URL="$ADMIN/$DB" RUST_LOG=warn
q() { psql -X "$DATABASE_URL" -Atc "$1"; }

read -r DISTRICT SCHOOLS <<<"$(q "select d.code || ' ' || count(*) from school s join district d on d.id = s.district_id
  group by d.code order by count(*) desc, d.code limit 1")"
# The district's largest school by enrolled pupils in the report year: the fullest tables.
YEAR=$(q "select max(year) from generation_year where generation_id = (select generation_id from published_generation)")
SCHOOL=$(q "select s.code from school s join district d on d.id = s.district_id
  left join enrolment_snapshot e on e.school_id = s.id and e.academic_year = $YEAR
  where d.code = '$DISTRICT' order by e.enrolment desc nulls last, s.code limit 1")
echo "largest district $DISTRICT ($SCHOOLS schools), school $SCHOOL, year $YEAR"
record meta reports 0 "" district="$DISTRICT" schools="$SCHOOLS" school="$SCHOOL" year="$YEAR"

OUT="$WORK/reports"
mkdir -p "$OUT"
for run in $(seq 1 "$RUNS"); do
  for format in pdf xlsx; do
    timed report "school-$format" "$run" "$BIN" report school --school "$SCHOOL" --year "$YEAR" \
      --format "$format" --lang ky --out "$OUT/school.$format"
    timed report "district-$format" "$run" "$BIN" report district --district "$DISTRICT" --year "$YEAR" \
      --format "$format" --lang ky --out "$OUT/district.$format"
  done
done
record meta report-sizes 0 "" school_pdf="$(stat -c %s "$OUT/school.pdf")" district_pdf="$(stat -c %s "$OUT/district.pdf")" \
  school_pdf_pages="$(pdfinfo "$OUT/school.pdf" 2>/dev/null | awk '/^Pages/ {print $2}')" \
  district_pdf_pages="$(pdfinfo "$OUT/district.pdf" 2>/dev/null | awk '/^Pages/ {print $2}')"
for run in $(seq 1 "${ALL_RUNS:-1}"); do
  rm -rf "$OUT/all"
  timed report "district-all-schools-pdf" "$run" "$BIN" report school --district "$DISTRICT" --year "$YEAR" \
    --format pdf --lang ky --out-dir "$OUT/all"
done
