# Helpers shared by the bench/ scripts (sourced, not run).
#
# Every measurement is appended as one JSON object per line to $RESULTS (bench/report.py
# turns that file into BENCHMARKS.md); the human-readable line goes to stdout as well.

ADMIN=${ADMIN:-postgres://postgres@127.0.0.1:5432}
BIN=${BENCH_BIN:-target/release/sapat}
RUNS=${RUNS:-3}
RESULTS=${RESULTS:-target/bench/results.jsonl}
WORK=${WORK:-target/bench}
mkdir -p "$WORK" "$(dirname "$RESULTS")"
unset SAPAT_CONFIG

# record GROUP NAME RUN COMMAND key=value... : one JSON line in $RESULTS.
record() {
  local group=$1 name=$2 run=$3 cmd=$4
  shift 4
  python3 - "$group" "$name" "$run" "$cmd" "$@" >>"$RESULTS" <<'PY'
import json, sys
group, name, run, cmd, *kv = sys.argv[1:]
out = {"group": group, "name": name, "run": int(run), "cmd": cmd}
for item in kv:
    k, v = item.split("=", 1)
    try:
        out[k] = float(v)
    except ValueError:
        out[k] = v
print(json.dumps(out, ensure_ascii=False))
PY
}

# timed GROUP NAME RUN CMD... : runs CMD under /usr/bin/time, records wall, user, sys (s)
# and peak RSS (MB). The command's own output goes to $WORK/NAME.RUN.log.
timed() {
  local group=$1 name=$2 run=$3
  shift 3
  local tf="$WORK/$name.$run.time" log="$WORK/$name.$run.log"
  /usr/bin/time -f '%e %U %S %M' -o "$tf" "$@" >"$log" 2>&1 || {
    echo "$name run $run failed:" >&2
    tail -20 "$log" >&2
    return 1
  }
  local wall user sys rss
  read -r wall user sys rss <"$tf"
  record "$group" "$name" "$run" "$*" wall_s="$wall" user_s="$user" sys_s="$sys" \
    cpu_s="$(awk -v u="$user" -v s="$sys" 'BEGIN {print u + s}')" rss_mb="$(awk -v k="$rss" 'BEGIN {printf "%.1f", k / 1024}')"
  printf '%s run %s: wall %s s, user %s s, sys %s s, peak RSS %s MB\n' "$name" "$run" "$wall" "$user" "$sys" \
    "$(awk -v k="$rss" 'BEGIN {printf "%.0f", k / 1024}')"
}

# wrk latency text ("812.00us", "8.10ms", "1.02s") in ms.
WRK_MS='function ms(x) { if (x ~ /us$/) return x / 1000; if (x ~ /ms$/) return x + 0; if (x ~ /m$/) return x * 60000; if (x ~ /s$/) return x * 1000; return x }'

# wrk_run GROUP NAME RUN BODY URL : one wrk run with the GraphQL body, recorded.
wrk_run() {
  local group=$1 name=$2 run=$3 body=$4 url=$5 out
  local cmd="BODY='<query>' wrk -t2 -c$CONNECTIONS -d$DURATION --latency -s bench/graphql.lua $url"
  local t0=0 t1=0
  [ -n "${SERVER_PID:-}" ] && t0=$(awk '{print $14 + $15}' "/proc/$SERVER_PID/stat")
  out=$(BODY="$body" wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/graphql.lua "$url")
  [ -n "${SERVER_PID:-}" ] && t1=$(awk '{print $14 + $15}' "/proc/$SERVER_PID/stat")
  # shellcheck disable=SC2046
  set -- $(awk "$WRK_MS"' /Requests\/sec/ {rps=$2} /^ +50%/ {p50=ms($2)} /^ +90%/ {p90=ms($2)} /^ +99%/ {p99=ms($2)}
      /^ +Latency/ && !max {max=ms($4)} /bad_responses/ {bad += $2} / requests in / {n=$1} /Non-2xx or 3xx responses/ {bad += $5}
      END {print rps, p50, p90, p99, max, bad, n}' <<<"$out")
  # The server's CPU time (user + sys) per answered request: less sensitive to a busy machine
  # than throughput.
  local cpu_ms
  cpu_ms=$(awk -v a="$t0" -v b="$t1" -v n="$7" -v hz="$(getconf CLK_TCK)" 'BEGIN {if (n > 0 && b > a) printf "%.3f", (b - a) * 1000 / hz / n; else print "none"}')
  record "$group" "$name" "$run" "$cmd" rps="$1" p50_ms="$2" p90_ms="$3" p99_ms="$4" max_ms="$5" bad="$6" requests="$7" connections="$CONNECTIONS" server_cpu_ms_per_req="$cpu_ms"
  printf '%s run %s: %s req/s, p50 %s ms, p99 %s ms, max %s ms, bad %s, server CPU %s ms/request\n' "$name" "$run" "$1" "$2" "$4" "$5" "$6" "$cpu_ms"
  [ "$6" = 0 ] || { echo "$name: $6 bad responses" >&2; return 1; }
}

# pgbench_run GROUP NAME RUN SQLFILE DBURL : one pgbench run of the custom script, with
# per-transaction latencies logged for p50/p99/max.
pgbench_run() {
  local group=$1 name=$2 run=$3 sql=$4 url=$5 out prefix="$WORK/pgbench-$2-$3"
  rm -f "$prefix".*
  sql=$(realpath "$sql")
  out=$(cd "$WORK" && pgbench -n -c"$CONNECTIONS" -j2 -T"${DURATION%s}" -l --log-prefix="$(basename "$prefix")" \
    -f "$sql" "$url" 2>&1) || { echo "pgbench $name failed:" >&2; tail -5 <<<"$out" >&2; return 1; }
  local tps lat
  tps=$(awk '/^tps/ {print $3}' <<<"$out")
  lat=$(awk '/^latency average/ {print $4}' <<<"$out")
  # Log lines: client_id transaction_no time_us script_no epoch epoch_us
  # shellcheck disable=SC2046
  set -- $(cat "$prefix".* | awk '{print $3 / 1000}' | sort -n | awk '{a[NR] = $1} END {
      i50 = int(NR * 0.50); if (i50 < 1) i50 = 1; i99 = int(NR * 0.99); if (i99 < 1) i99 = 1;
      printf "%.3f %.3f %.3f %d\n", a[i50], a[i99], a[NR], NR}')
  rm -f "$prefix".*
  record "$group" "$name" "$run" "pgbench -n -c$CONNECTIONS -j2 -T${DURATION%s} -f $(basename "$sql") \$DATABASE_URL" \
    tps="$tps" mean_ms="$lat" p50_ms="$1" p99_ms="$2" max_ms="$3" transactions="$4" connections="$CONNECTIONS"
  printf '%s run %s: %s tps, mean %s ms, p50 %s ms, p99 %s ms, max %s ms\n' "$name" "$run" "$tps" "$lat" "$1" "$2" "$3"
}
