#!/usr/bin/env bash
# The dashboard in headless Chromium and the report downloads over HTTP, against a release
# `sapat serve` on the national database (the figures of bench/dashboard-ui.md):
#
#   cargo build --release -p api && BENCH_DB=sapat_bench_national bash bench/ui.sh
#
# Needs chromium and chromedriver (Debian's chromium, chromium-driver) and builds the test
# binary (debug). The largest district and three of its schools are measured.
set -euo pipefail
cd "$(dirname "$0")/.."
DB=${BENCH_DB:-sapat_bench_national}
# shellcheck source=bench/lib.sh
. bench/lib.sh
URL="$ADMIN/$DB"
PORT=${PORT:-18085}
q() { psql -X "$URL" -Atc "$1"; }
DISTRICT=$(q "select d.code from school s join district d on d.id = s.district_id group by d.code order by count(*) desc, d.code limit 1")
SCHOOLS=$(q "select string_agg(code, ',' order by code) from (select s.code from school s join district d on d.id = s.district_id where d.code = '$DISTRICT' order by s.code limit 3) x")
LARGEST=$(q "select s.code from school s join district d on d.id = s.district_id left join enrolment_snapshot e on e.school_id = s.id
  and e.academic_year = (select max(academic_year) from enrolment_snapshot) where d.code = '$DISTRICT' order by e.enrolment desc nulls last, s.code limit 1")
YEAR=$(q "select max(year) from generation_year where generation_id = (select generation_id from published_generation)")
# One measuring client: the per-caller rate limit would answer it 429.
DATABASE_URL=$URL SAPAT_SERVER__REQUESTS_PER_MINUTE_PER_CALLER=0 RUST_LOG=warn "$BIN" serve --no-scheduler --bind "127.0.0.1:$PORT" >"$WORK/ui-serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 150); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
TEST_REQUIRE_BROWSER=1 TEST_DASHBOARD_URL="http://127.0.0.1:$PORT" TEST_DASHBOARD_DISTRICT=$DISTRICT TEST_DASHBOARD_SCHOOLS=$SCHOOLS \
  cargo test -q -p integration-tests --test it -- --ignored dashboard_timings --nocapture
echo "sapat serve peak RSS after the dashboard: $(awk '/VmHWM/ {printf "%.0f MB", $2 / 1024}' "/proc/$SERVER/status")"
TOKEN=$(DATABASE_URL=$URL "$BIN" token create --role district --scope "$DISTRICT" --name bench-ui --expires-days 1 | grep -o 'sapat_[0-9]*_[A-Za-z0-9_-]*' | head -1)
for run in 1 2 3; do
  for path in "school/$LARGEST/$YEAR.pdf" "district/$DISTRICT/$YEAR.pdf" "school/$LARGEST/$YEAR.xlsx" "district/$DISTRICT/$YEAR.xlsx"; do
    curl -s -o /dev/null -w "GET /reports/$path run $run: %{http_code}, %{size_download} bytes in %{time_total} s\n" \
      -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/reports/$path?lang=ky"
  done
done
echo "sapat serve peak RSS after the reports: $(awk '/VmHWM/ {printf "%.0f MB", $2 / 1024}' "/proc/$SERVER/status")"
