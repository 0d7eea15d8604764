#!/usr/bin/env bash
# API load against `sapat serve` on 127.0.0.1 (PostgreSQL), wrk with $CONNECTIONS connections:
#   - districtComparison of the largest district (every school × 10 indicators, one year),
#   - the same league table for one subject (subjectLeague: `districtComparison` with
#     `subject`, the 4 indicators with a subject breakdown),
#   - school { trends } and school { indicators } (one school, every indicator),
#   - compareSchools (six schools of the district, five indicators, every year),
#   - district { indicators trends } and country { indicators trends } (an area's own lines),
#   - ranking at country scope (first 50),
#   - a `schools` page (50) with nested district and region (database, not the snapshot),
# and, in the same run, each query's raw SQL through pgbench (custom script, same
# connections) on the same database as the baseline.
#
#   bash bench/dashboard.sh                      # district-scale demo data (≈60 schools)
#   SCALE=national bash bench/dashboard.sh       # ≈2,400 schools (bench/run.sh uses this)
#
# Env: RUNS (3), DURATION (10s), CONNECTIONS (4), BENCH_DB, BENCH_BIN, RESULTS.
# Needs a release build, PostgreSQL at 127.0.0.1:5432, wrk and pgbench.
set -euo pipefail
cd "$(dirname "$0")/.."
SCALE=${SCALE:-district}
DB=${BENCH_DB:-sapat_bench_dash_$SCALE}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-4}
PORT=${PORT:-18080}
LABEL=${LABEL:-}  # appended to the recorded names, e.g. "@base" for another binary
# shellcheck source=bench/lib.sh
. bench/lib.sh
export DATABASE_URL="$ADMIN/$DB"
command -v wrk >/dev/null || apt-get install -y -qq wrk >/dev/null

if ! psql "$ADMIN/postgres" -Atc "select 1 from pg_database where datname = '$DB'" | grep -q 1; then
  psql "$ADMIN/postgres" -qc "create database $DB encoding 'UTF8' template template0"
  "$BIN" migrate up
  timed load "demo-$SCALE" 1 env RUST_LOG=warn "$BIN" demo --scale "$SCALE" --seed 7
  timed load "trends-first-$SCALE" 1 env RUST_LOG=warn "$BIN" jobs run trends --full
fi
RUST_LOG=warn "$BIN" migrate up >/dev/null
# Fresh statistics, so the pgbench baseline gets the planner's best plans.
psql "$DATABASE_URL" -qc "ANALYZE"

# The district with the most schools, a school of it, the published generation and year.
read -r DISTRICT SCHOOLS < <(psql "$DATABASE_URL" -AtF' ' -c \
  "select district_id, count(*) from school group by district_id order by 2 desc, 1 limit 1")
SCHOOL=$(psql "$DATABASE_URL" -Atc "select min(id) from school where district_id = $DISTRICT")
YEAR=$(psql "$DATABASE_URL" -Atc "select last_year from trend_generation g join published_generation p on p.generation_id = g.id")
GEN=$(psql "$DATABASE_URL" -Atc "select generation_id from published_generation")
NSCHOOLS=$(psql "$DATABASE_URL" -Atc "select count(*) from school")
CODES="'knowledge_quality_pct','success_pct','average_mark','ort_mean','ort_pass_pct','olympiad_score','teachers_higher_ed_pct','pupils_per_teacher','textbook_provision_pct','quality_index'"
GQL_CODES=$(tr "'" '"' <<<"[$CODES]" | sed 's/"/\\"/g')
echo "database $DB: $NSCHOOLS schools; largest district $DISTRICT ($SCHOOLS schools), school $SCHOOL, year $YEAR, generation $GEN"
record meta dashboard 0 "" db="$DB" schools="$NSCHOOLS" district="$DISTRICT" district_schools="$SCHOOLS" \
  year="$YEAR" generation="$GEN" connections="$CONNECTIONS" duration="$DURATION"

# Baselines: what each answer holds, straight from PostgreSQL: the school-wide figures
# (every dimension '', issue #17's breakdowns are rows of the same tables) unless a query asks
# for a subject.
SQL="$WORK/sql"
mkdir -p "$SQL"
ALL="subject = '' AND grade_band = '' AND period = ''"
# The trend direction as a correlated subquery: as a join, PostgreSQL hashes every school
# trend of the generation (≈67k rows nationally, 150 ms) instead of probing its key.
cat >"$SQL/districtComparison.sql" <<SQL
SELECT s.id, s.code, s.name_ky, v.indicator, v.value, v.flags, c.rank_district, c.pct_district, c.gap_to_district_mean, c.peer_median,
  (SELECT t.direction FROM indicator_trend t WHERE t.generation_id = $GEN AND t.entity_kind = 'school' AND t.entity_id = s.id AND t.indicator = v.indicator
    AND t.subject = '' AND t.grade_band = '' AND t.period = '') AS direction
FROM school s
JOIN indicator_value v ON v.generation_id = $GEN AND v.entity_kind = 'school' AND v.entity_id = s.id AND v.year = $YEAR
  AND v.indicator IN ($CODES) AND v.subject = '' AND v.grade_band = '' AND v.period = ''
LEFT JOIN indicator_comparison c ON c.generation_id = $GEN AND c.school_id = s.id AND c.indicator = v.indicator AND c.year = v.year
  AND c.subject = '' AND c.grade_band = '' AND c.period = ''
WHERE s.district_id = $DISTRICT;
SQL
# The subject league table (issue #17): the same cells for one subject's figures, the
# indicators with a subject breakdown (docs/TRENDS.md), every key column of the dimensions.
SUBJECT=${SUBJECT:-mathematics}
SUBJECT_CODES="'knowledge_quality_marks_pct','success_marks_pct','average_mark','sou_pct'"
GQL_SUBJECT_CODES=$(tr "'" '"' <<<"[$SUBJECT_CODES]" | sed 's/"/\\"/g')
cat >"$SQL/subjectLeague.sql" <<SQL
SELECT s.id, s.code, s.name_ky, v.indicator, v.value, v.flags, c.rank_district, c.pct_district, c.gap_to_district_mean, c.peer_median,
  (SELECT t.direction FROM indicator_trend t WHERE t.generation_id = $GEN AND t.entity_kind = 'school' AND t.entity_id = s.id
    AND t.indicator = v.indicator AND t.subject = v.subject AND t.grade_band = '' AND t.period = '') AS direction
FROM school s
JOIN indicator_value v ON v.generation_id = $GEN AND v.entity_kind = 'school' AND v.entity_id = s.id AND v.year = $YEAR
  AND v.indicator IN ($SUBJECT_CODES) AND v.subject = '$SUBJECT' AND v.grade_band = '' AND v.period = ''
LEFT JOIN indicator_comparison c ON c.generation_id = $GEN AND c.school_id = s.id AND c.indicator = v.indicator
  AND c.subject = v.subject AND c.grade_band = '' AND c.period = '' AND c.year = v.year
WHERE s.district_id = $DISTRICT;
SQL
cat >"$SQL/schoolTrends.sql" <<SQL
SELECT indicator, mean, delta, slope, direction FROM indicator_trend
WHERE generation_id = $GEN AND entity_kind = 'school' AND entity_id = $SCHOOL AND $ALL ORDER BY indicator;
SQL
cat >"$SQL/schoolIndicators.sql" <<SQL
SELECT indicator, year, value, numerator, denominator, source, flags FROM indicator_value
WHERE generation_id = $GEN AND entity_kind = 'school' AND entity_id = $SCHOOL AND $ALL ORDER BY indicator, year;
SQL
# Six schools of the district side by side on five indicators, every year (the Compare view).
COMPARED=$(psql "$DATABASE_URL" -Atc "select string_agg(id::text, ',' order by id) from (select id from school where district_id = $DISTRICT order by id limit 6) s")
COMPARE_CODES="'knowledge_quality_pct','success_pct','average_mark','ort_mean','olympiad_score'"
GQL_COMPARE_CODES=$(tr "'" '"' <<<"[$COMPARE_CODES]" | sed 's/"/\\"/g')
GQL_COMPARED=$(sed 's/\([0-9]*\)/\\"\1\\"/g' <<<"$COMPARED")
cat >"$SQL/compareSchools.sql" <<SQL
SELECT id, code, name_ky FROM school WHERE id IN ($COMPARED);
SELECT entity_id, indicator, year, value, numerator, denominator, source, flags FROM indicator_value
WHERE generation_id = $GEN AND entity_kind = 'school' AND entity_id IN ($COMPARED) AND indicator IN ($COMPARE_CODES) AND $ALL
ORDER BY entity_id, indicator, year;
SQL
# An area's own lines and trend statistics (the district and country views).
for level in district country; do
  id=$DISTRICT
  [ "$level" = country ] && id=0
  cat >"$SQL/${level}Trends.sql" <<SQL
SELECT indicator, year, value, numerator, denominator, source, flags FROM indicator_value
WHERE generation_id = $GEN AND entity_kind = '$level' AND entity_id = $id AND $ALL ORDER BY indicator, year;
SELECT indicator, mean, delta, slope, direction FROM indicator_trend
WHERE generation_id = $GEN AND entity_kind = '$level' AND entity_id = $id AND $ALL ORDER BY indicator;
SQL
done
cat >"$SQL/rankingCountry.sql" <<SQL
SELECT c.rank_country, c.value, s.id, s.name_ky FROM indicator_comparison c JOIN school s ON s.id = c.school_id
WHERE c.generation_id = $GEN AND c.indicator = 'knowledge_quality_pct' AND c.year = $YEAR AND c.subject = '' AND c.grade_band = '' AND c.period = ''
ORDER BY c.rank_country, s.id LIMIT 50;
SELECT count(*) FROM indicator_comparison WHERE generation_id = $GEN AND indicator = 'knowledge_quality_pct' AND year = $YEAR AND $ALL;
SQL
# The statements the API runs for the page (page, count, districts, regions of the page).
DIDS=$(psql "$DATABASE_URL" -Atc "select string_agg(distinct district_id::text, ',') from (select district_id from school order by id limit 50) p")
RIDS=$(psql "$DATABASE_URL" -Atc "select string_agg(distinct region_id::text, ',') from district where id in ($DIDS)")
cat >"$SQL/schoolsPage.sql" <<SQL
SELECT s.* FROM school s JOIN district d ON d.id = s.district_id ORDER BY s.id LIMIT 51;
SELECT COUNT(*) AS n FROM school s JOIN district d ON d.id = s.district_id;
SELECT * FROM district WHERE id IN ($DIDS);
SELECT * FROM region WHERE id IN ($RIDS);
SQL
# One client makes every request here: the per-caller rate limit (600 a minute by default)
# would answer nearly all of them 429, so it is off; 4 connections are within the per-caller
# concurrency cap (8).
SAPAT_SERVER__REQUESTS_PER_MINUTE_PER_CALLER=0 RUST_LOG=warn "$BIN" serve --no-scheduler --bind "127.0.0.1:$PORT" >"$WORK/serve.log" 2>&1 &
SERVER=$!
export SERVER_PID=$SERVER
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 150); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null || { echo "sapat serve did not start:"; head -5 "$WORK/serve.log"; exit 1; }
URL="http://127.0.0.1:$PORT/graphql"
# The first answer that needs the snapshot loads it: its time, and the server's memory with
# the published generation loaded, before any load test.
t0=$(date +%s.%N)
curl -fs -H 'content-type: application/json' -d '{"query":"{ trendStatus { served { generationId } } }"}' "$URL" >/dev/null
t1=$(date +%s.%N)
record meta "serve-loaded$LABEL" 0 "" load_s="$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f", b - a}')" \
  rss_mb="$(awk '/VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$SERVER/status")" \
  hwm_mb="$(awk '/VmHWM/ {printf "%.1f", $2 / 1024}' "/proc/$SERVER/status")"
echo "snapshot loaded: $(tail -1 "$RESULTS")"

QUERIES=${QUERIES:-districtComparison subjectLeague schoolTrends schoolIndicators compareSchools districtTrends countryTrends rankingCountry schoolsPage}
bench_query() { # name body: checks the answer once, then $RUNS rounds of (wrk, pgbench on its SQL)
  local name=$1 body=$2 answer
  [[ " $QUERIES " == *" $name "* ]] || return 0
  local sqlfile="$SQL/$name.sql"
  name="$name$LABEL"
  # The baseline must run as it is before it is timed (a failing statement aborts pgbench).
  psql -X -q "$DATABASE_URL" -v ON_ERROR_STOP=1 -f "$sqlfile" >/dev/null
  answer=$(curl -fs -H 'content-type: application/json' -d "$body" "$URL")
  if grep -q '"errors"' <<<"$answer"; then echo "$name: $answer" >&2; exit 1; fi
  echo "== $name (answer: $(wc -c <<<"$answer") bytes); baseline: $sqlfile through pgbench"
  record meta "api-$name" 0 "$body" answer_bytes="$(wc -c <<<"$answer")" sql="$(cat "$sqlfile")" binary="$BIN"
  for i in $(seq 1 "$RUNS"); do
    wrk_run api "$name" "$i" "$body" "$URL"
    pgbench_run pgbench "$name" "$i" "$sqlfile" "$DATABASE_URL"
  done
}

bench_query districtComparison "{\"query\":\"{ districtComparison(districtId: \\\"$DISTRICT\\\", year: $YEAR, codes: $GQL_CODES) { freshness { generationId } schools { school { id code name } cells { code value rankDistrict percentileDistrict gapToDistrictMean peerMedian direction flags } } aggregates { level cells { code value } } } }\"}"
bench_query subjectLeague "{\"query\":\"{ districtComparison(districtId: \\\"$DISTRICT\\\", year: $YEAR, subject: \\\"$SUBJECT\\\", codes: $GQL_SUBJECT_CODES) { freshness { generationId } schools { school { id code name } cells { code value rankDistrict percentileDistrict gapToDistrictMean peerMedian direction flags } } aggregates { level cells { code value } } } }\"}"
bench_query schoolTrends "{\"query\":\"{ school(id: \\\"$SCHOOL\\\") { trends { trends { code mean delta slope direction } } } }\"}"
bench_query schoolIndicators "{\"query\":\"{ school(id: \\\"$SCHOOL\\\") { indicators { series { code points { year value numerator denominator source flags } } } } }\"}"
bench_query compareSchools "{\"query\":\"{ compareSchools(schoolIds: [$GQL_COMPARED], codes: $GQL_COMPARE_CODES) { years schools { school { id code name } series { code points { year value numerator denominator source flags } } } } }\"}"
AREA="indicators { series { code points { year value numerator denominator source flags } } } trends { trends { code mean delta slope direction } }"
bench_query districtTrends "{\"query\":\"{ district(id: \\\"$DISTRICT\\\") { $AREA } }\"}"
bench_query countryTrends "{\"query\":\"{ country { $AREA } }\"}"
bench_query rankingCountry "{\"query\":\"{ ranking(code: \\\"knowledge_quality_pct\\\", year: $YEAR, scope: COUNTRY, first: 50) { totalCount edges { node { rank value school { id name } } } } }\"}"
bench_query schoolsPage "{\"query\":\"{ schools(first: 50) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id code name nameRu district { name nameRu region { name nameRu } } } } } }\"}"
record meta "serve$LABEL" 0 "" rss_mb="$(awk '/VmHWM/ {printf "%.1f", $2 / 1024}' "/proc/$SERVER/status")"
echo "sapat serve peak RSS: $(tail -1 "$RESULTS")"
