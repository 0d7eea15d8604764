#!/usr/bin/env bash
# Where the trend job's write time goes: the published generation's rows of each generation
# table inserted again, server-side, into scratch copies, with the parts of a write switched
# on and off (primary key maintained row by row, no index, the key built afterwards by a sort,
# unlogged), one table at a time. Wall times from psql's \timing, in the results file.
#
#   BENCH_DB=sapat_bench_national bash bench/profile-trend-write.sh
set -euo pipefail
cd "$(dirname "$0")/.."
DB=${BENCH_DB:-sapat_bench_national}
# shellcheck source=bench/lib.sh
. bench/lib.sh
export DATABASE_URL="$ADMIN/$DB"
GEN=$(psql -X "$DATABASE_URL" -Atc "select generation_id from published_generation")
KEYS_indicator_value="generation_id, entity_kind, entity_id, indicator, year"
KEYS_indicator_comparison="generation_id, school_id, indicator, year"
KEYS_indicator_trend="generation_id, entity_kind, entity_id, indicator"
ms() { # label sql... : runs the statements in one psql session, prints the last one's ms
  psql -X -q "$DATABASE_URL" -v ON_ERROR_STOP=1 -c '\timing on' "${@/#/-c}" | awk '/^Time:/ {t = $2} END {print t}'
}
for table in indicator_value indicator_comparison indicator_trend; do
  keys_var="KEYS_$table"; keys=${!keys_var}
  rows=$(psql -X "$DATABASE_URL" -Atc "select count(*) from $table where generation_id = $GEN")
  scratch="bench_$table"
  for variant in with-key no-index key-after unlogged-with-key; do
    psql -X -q "$DATABASE_URL" -c "DROP TABLE IF EXISTS $scratch"
    case $variant in
      with-key) psql -X -q "$DATABASE_URL" -c "CREATE TABLE $scratch (LIKE $table INCLUDING ALL)" ;;
      unlogged-with-key) psql -X -q "$DATABASE_URL" -c "CREATE UNLOGGED TABLE $scratch (LIKE $table INCLUDING ALL)" ;;
      *) psql -X -q "$DATABASE_URL" -c "CREATE TABLE $scratch (LIKE $table INCLUDING DEFAULTS INCLUDING CONSTRAINTS)" ;;
    esac
    psql -X -q "$DATABASE_URL" -c "CHECKPOINT"
    insert=$(ms "INSERT INTO $scratch SELECT * FROM $table WHERE generation_id = $GEN")
    key=0
    if [ "$variant" = key-after ]; then
      key=$(ms "ALTER TABLE $scratch ADD PRIMARY KEY ($keys)")
    fi
    record trend-write "$table:$variant" 1 "INSERT INTO $scratch SELECT * FROM $table WHERE generation_id = \$GEN" \
      rows="$rows" insert_ms="$insert" key_ms="$key"
    printf '%s %s: %s rows, insert %s ms, key %s ms\n' "$table" "$variant" "$rows" "$insert" "$key"
  done
  psql -X -q "$DATABASE_URL" -c "DROP TABLE IF EXISTS $scratch"
done
