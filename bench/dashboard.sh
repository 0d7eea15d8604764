#!/usr/bin/env bash
# Dashboard queries served from memory, against `sapat serve` on 127.0.0.1 (PostgreSQL):
# districtComparison of the largest district, school { trends }, ranking at country scope,
# with the raw SELECT of the league table through pgbench on the same database as a baseline.
#
#   bash bench/dashboard.sh            # district-scale demo data (≈60 schools of one district)
#   SCALE=national bash bench/dashboard.sh
#
# Needs a release build (cargo build --release -p api), PostgreSQL at 127.0.0.1:5432, wrk, pgbench.
set -euo pipefail
cd "$(dirname "$0")/.."
SCALE=${SCALE:-district}
BIN=${SAPAT_BIN:-target/release/sapat}
DB=${BENCH_DB:-sapat_bench_dash_$SCALE}
ADMIN=postgres://postgres@127.0.0.1:5432
export DATABASE_URL="$ADMIN/$DB"
PORT=${PORT:-18080}
DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-4}
RUNS=${RUNS:-3}
command -v wrk >/dev/null || apt-get install -y -qq wrk >/dev/null
unset SAPAT_CONFIG

if ! psql "$ADMIN/postgres" -Atc "select 1 from pg_database where datname = '$DB'" | grep -q 1; then
  psql "$ADMIN/postgres" -qc "create database $DB encoding 'UTF8' template template0"
  "$BIN" migrate up
  /usr/bin/time -f "demo: %e s, %M KB peak" RUST_LOG=warn "$BIN" demo --scale "$SCALE" --seed 7
  /usr/bin/time -f "trend refresh: %e s, %M KB peak" RUST_LOG=warn "$BIN" jobs run trends --full
fi
RUST_LOG=warn "$BIN" migrate up >/dev/null
# Fresh statistics, so the pgbench baseline gets the planner's best plan.
psql "$DATABASE_URL" -qc "ANALYZE"

# The district with the most schools, and a school of it.
read -r DISTRICT SCHOOLS < <(psql "$DATABASE_URL" -AtF' ' -c \
  "select district_id, count(*) from school group by district_id order by 2 desc, 1 limit 1")
SCHOOL=$(psql "$DATABASE_URL" -Atc "select min(id) from school where district_id = $DISTRICT")
YEAR=$(psql "$DATABASE_URL" -Atc "select last_year from trend_generation g join published_generation p on p.generation_id = g.id")
GEN=$(psql "$DATABASE_URL" -Atc "select generation_id from published_generation")
CODES='["knowledge_quality_pct","success_pct","average_mark","ort_mean","ort_pass_pct","olympiad_score","teachers_higher_ed_pct","pupils_per_teacher","textbook_provision_pct","quality_index"]'
echo "database $DB: largest district $DISTRICT ($SCHOOLS schools), year $YEAR, generation $GEN"

RUST_LOG=warn "$BIN" serve --no-scheduler --bind "127.0.0.1:$PORT" >/tmp/sapat-bench-serve.log 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null || { echo "sapat serve did not start:"; head -5 /tmp/sapat-bench-serve.log; exit 1; }

q() { # name body
  local name=$1 body=$2 rows
  rows=$(curl -fs -H 'content-type: application/json' -d "$body" "http://127.0.0.1:$PORT/graphql")
  if grep -q '"errors"' <<<"$rows"; then echo "$name: $rows" >&2; exit 1; fi
  echo "== $name (answer: $(wc -c <<<"$rows") bytes)"
  for i in $(seq 1 "$RUNS"); do
    BODY="$body" wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/graphql.lua "http://127.0.0.1:$PORT/graphql" \
      | awk -v run="$i" '/Requests\/sec/ {rps=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2} /Latency/ && !max {max=$4} /bad_responses/ {bad=$2}
          END {printf "run %s: %s req/s, p50 %s, p99 %s, max %s, bad %s\n", run, rps, p50, p99, max, bad}'
  done
}

q districtComparison "{\"query\":\"{ districtComparison(districtId: \\\"$DISTRICT\\\", year: $YEAR, codes: $(sed 's/"/\\"/g' <<<"$CODES")) { freshness { generationId } schools { school { id code name } cells { code value rankDistrict percentileDistrict gapToDistrictMean peerMedian direction flags } } aggregates { level cells { code value } } } }\"}"
q schoolTrends "{\"query\":\"{ school(id: \\\"$SCHOOL\\\") { trends { trends { code mean delta slope direction } } } }\"}"
q rankingCountry "{\"query\":\"{ ranking(code: \\\"knowledge_quality_pct\\\", year: $YEAR, scope: COUNTRY, first: 50) { totalCount edges { node { rank value school { id name } } } } }\"}"

# Baseline: the league table's rows straight from the published tables.
cat >/tmp/sapat-bench-league.sql <<SQL
SELECT s.id, s.code, s.name_ky, v.indicator, v.value, v.flags, c.rank_district, c.pct_district, c.gap_to_district_mean, c.peer_median, t.direction
FROM school s
JOIN indicator_value v ON v.generation_id = $GEN AND v.entity_kind = 'school' AND v.entity_id = s.id AND v.year = $YEAR
  AND v.indicator IN ('knowledge_quality_pct','success_pct','average_mark','ort_mean','ort_pass_pct','olympiad_score','teachers_higher_ed_pct','pupils_per_teacher','textbook_provision_pct','quality_index')
LEFT JOIN indicator_comparison c ON c.generation_id = $GEN AND c.school_id = s.id AND c.indicator = v.indicator AND c.year = v.year
LEFT JOIN indicator_trend t ON t.generation_id = $GEN AND t.entity_kind = 'school' AND t.entity_id = s.id AND t.indicator = v.indicator
WHERE s.district_id = $DISTRICT;
SQL
echo "== pgbench: the league table's raw SELECT"
for i in $(seq 1 "$RUNS"); do
  pgbench -n -c"$CONNECTIONS" -j2 -T"${DURATION%s}" -f /tmp/sapat-bench-league.sql "$DATABASE_URL" 2>/dev/null \
    | awk -v run="$i" '/^latency average/ {lat=$4} /^tps/ {tps=$3} END {printf "run %s: %s tps, mean latency %s ms\n", run, tps, lat}'
done
