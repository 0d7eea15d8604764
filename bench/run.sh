#!/usr/bin/env bash
# National-scale benchmarks: loads the national demo data into PostgreSQL (database
# sapat_bench_national, reused when it exists), then measures the API (bench/dashboard.sh),
# the trend job (bench/trends.sh), the import (bench/import.sh) and the reports (bench/reports.sh), each figure $RUNS times
# with its baseline in the same round, and writes BENCHMARKS.md (bench/report.py).
#
#   cargo build --release -p api && bash bench/run.sh
#   RUNS=5 ONLY="dashboard trends" bash bench/run.sh   # a subset; the report keeps what was measured
#
# Env: RUNS (3), ONLY (dashboard trends import parts reports; "load" only loads the database), DURATION (10s per wrk/pgbench run),
# CONNECTIONS (4), BENCH_BIN (target/release/sapat), KEEP_RESULTS=1 to add to the previous
# results instead of starting afresh.
set -euo pipefail
cd "$(dirname "$0")/.."
export BENCH_DB=${BENCH_DB:-sapat_bench_national}
export RESULTS=${RESULTS:-target/bench/results.jsonl}
ONLY=${ONLY:-dashboard trends import parts reports}
export PROFILE=${PROFILE:-1}
# shellcheck source=bench/lib.sh
. bench/lib.sh
[ -x "$BIN" ] || { echo "no $BIN: cargo build --release -p api first"; exit 1; }
[ "${KEEP_RESULTS:-0}" = 1 ] || : >"$RESULTS"
export DATABASE_URL="$ADMIN/$BENCH_DB"

record meta machine 0 "" nproc="$(nproc)" \
  memory="$(free -h | awk '/^Mem:/ {print $2}')" \
  cpu="$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)" \
  kernel="$(uname -sr)" \
  os="$(. /etc/os-release && echo "$PRETTY_NAME")" \
  postgres="$(psql -X "$ADMIN/postgres" -Atc 'show server_version')" \
  pg_settings="$(psql -X "$ADMIN/postgres" -Atc "select string_agg(name || '=' || current_setting(name), ', ' order by name) from pg_settings where name in ('shared_buffers','work_mem','max_wal_size','synchronous_commit','fsync','jit')")" \
  rustc="$(rustc --version)" \
  wrk="$(wrk -v 2>&1 | head -1 | awk '{print $1, $2}')" \
  pgbench="$(pgbench --version)" \
  commit="$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!BENCHMARKS.md' || echo '+changes')" \
  binary="$BIN" \
  started="$(date -u +%FT%TZ)" \
  load_before="$(cut -d' ' -f1-3 /proc/loadavg)"

if ! psql -X "$ADMIN/postgres" -Atc "select 1 from pg_database where datname = '$BENCH_DB'" | grep -q 1; then
  echo "== loading the national demo into $BENCH_DB (15–25 minutes)"
  psql -X "$ADMIN/postgres" -qc "create database $BENCH_DB encoding 'UTF8' template template0"
  RUST_LOG=warn "$BIN" migrate up >/dev/null
  timed load demo-national 1 env RUST_LOG=warn "$BIN" demo --scale national --seed 7
  timed load trends-first 1 env RUST_LOG=warn "$BIN" jobs run trends --full
fi
RUST_LOG=warn "$BIN" migrate up >/dev/null
if ! psql -X "$DATABASE_URL" -Atc "select 1 from published_generation" | grep -q 1; then
  RUST_LOG=warn "$BIN" jobs run trends --full
fi
psql -X -q "$DATABASE_URL" -c "VACUUM ANALYZE"
record meta database 0 "" db="$BENCH_DB" size="$(psql -X "$DATABASE_URL" -Atc "select pg_size_pretty(pg_database_size(current_database()))")" \
  mark_summaries="$(psql -X "$DATABASE_URL" -Atc "select count(*) from mark_summary")" \
  schools="$(psql -X "$DATABASE_URL" -Atc "select count(*) from school")"

for part in $ONLY; do
  case $part in
    # As served (answer cache on), then every query again with the cache off: what building
    # each answer costs.
    dashboard)
      SCALE=national bash bench/dashboard.sh
      SAPAT_SERVER__ANSWER_CACHE_MB=0 LABEL=@no-cache SCALE=national bash bench/dashboard.sh
      ;;
    # With GENERATION_FKS_ROUND=1, the full refresh again with the generation tables' foreign
    # keys put back: what migration 000014 saved (measured on 2026-12-02).
    trends)
      bash bench/trends.sh
      if [ "${GENERATION_FKS_ROUND:-0}" = 1 ]; then
        GENERATION_FKS=1 LABEL=@generation-fks PARTS=full bash bench/trends.sh
      fi
      ;;
    import) bash bench/import.sh ;;
    reports) bash bench/reports.sh ;;
    parts) bash bench/profile-import.sh ;;
    load) ;;
    *) echo "unknown part $part" >&2; exit 1 ;;
  esac
done
record meta finished 0 "" at="$(date -u +%FT%TZ)" load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
python3 bench/report.py "$RESULTS" >BENCHMARKS.md
echo "wrote BENCHMARKS.md"
