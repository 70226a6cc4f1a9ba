#!/usr/bin/env bash
# The benchmarks of bench/README.md: each measure against this machine's own ceiling, side by
# side in one run, medians of three repeats (one in --smoke), printed as a table and written to
# bench/.state/results.md.
#
#   ./bench/bench.sh [--smoke] [p1 p1t p2 p3 p3h p3x2 p4 p5 p5b p6 p7 | all]     (default: all)
#
# Needs the packaged services (./mvnw -DskipTests install), wrk, psql, node (npm ci in bench/).
# BENCH_JFR=1 records a JFR profile of every service start into bench/.state/; BENCH_REPEATS=N
# overrides the number of repeats (for exploring, not for the results); BENCH_HEAP (default 512m)
# the services' heap (-Xms and -Xmx; P5b starts broadcast-service with 2g for its own runs);
# FANOUT_CLIENTS=node runs P5's and P5b's clients on Node's ws instead of tools/FanoutClients.java.
set -euo pipefail

BENCH=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$BENCH")
SMOKE=0
measures=()
for arg in "$@"; do
  case $arg in
    --smoke) SMOKE=1 ;;
    all) measures+=(p6 p4 p5 p5b p7 p3 p3h p3x2 p1 p1t p2) ;;
    p[1-7]|p1t|p3h|p3x2|p5b) measures+=("$arg") ;;
    *) echo "usage: $0 [--smoke] [p1 ... p7 | p1t | p3h | p3x2 | p5b | all]" >&2; exit 64 ;;
  esac
done
[ ${#measures[@]} -gt 0 ] || measures=(p6 p4 p5 p5b p7 p3 p3h p3x2 p1 p1t p2)

die() { echo "bench: $*" >&2; exit 1; }
say() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }

# shellcheck source=bench/lib/platform.sh
. "$BENCH/lib/platform.sh"

if [ $SMOKE = 1 ]; then
  REPEATS=1 PP_RECORDS=30000 WRK_SECONDS=1 BACKLOG=5000 LIVE_RATE=100 LIVE_WARMUP=1 LIVE_SECONDS=2 FAN_CLIENTS=200 FAN_WORKERS=2 FAN_ROUNDS=2
  P5B_CLIENTS=500
  PTR_VISITORS=50 PTR_SECONDS=5 PTR_VIEWERS=2 PTR_WARMUP=0 P6_KEYS=20
else
  REPEATS=3 PP_RECORDS=10000000 WRK_SECONDS=20 BACKLOG=1000000 LIVE_RATE=1000 LIVE_WARMUP=20 LIVE_SECONDS=30 FAN_CLIENTS=10000 FAN_WORKERS=2 FAN_ROUNDS=5
  P5B_CLIENTS=50000
  PTR_VISITORS=1000 PTR_SECONDS=60 PTR_VIEWERS=10 PTR_WARMUP=20 P6_KEYS=1000
fi
# P5's and P5b's unmeasured warm-up run (not in the smoke run): clients, rounds
FAN_WARM_CLIENTS=10000 FAN_WARM_ROUNDS=3
# P5b: client processes (12,500 clients each at 50,000), broadcast-service's heap
P5B_WORKERS=4 P5B_HEAP=2g

REPEATS=${BENCH_REPEATS:-$REPEATS}

# File descriptors, raised here before anything starts: the limits of this shell are inherited by
# every process it starts after this line: the broker, the database, the services (service_start in
# lib/platform.sh) and the WebSocket clients. P5b holds 50,000 WebSocket connections on one
# broadcast-service instance: 50,000 sockets in its JVM and 12,500 in each of its four client
# processes. Node keeps the soft limit it is given; a JVM (service or FanoutClients) raises its own
# soft limit to the hard one (HotSpot's MaxFDLimit, on by default on Linux), so the hard limit is
# raised too where this shell may (with CAP_SYS_RESOURCE; up to /proc/sys/fs/nr_open), then the soft one to
# min(hard, FD_WANTED). Never lowered.
FD_WANTED=200000
fd_hard=$(ulimit -Hn)
if [ "$fd_hard" != unlimited ] && [ "$fd_hard" -lt $FD_WANTED ]; then
  ulimit -Hn $FD_WANTED 2>/dev/null || true
  fd_hard=$(ulimit -Hn)
fi
fd_target=$FD_WANTED
[ "$fd_hard" = unlimited ] || [ "$fd_hard" -ge $FD_WANTED ] || fd_target=$fd_hard
fd_soft=$(ulimit -Sn)
if [ "$fd_soft" != unlimited ] && [ "$fd_soft" -lt "$fd_target" ]; then ulimit -Sn "$fd_target"; fi
FD_LIMIT=$(ulimit -Sn)
# too few for P5b's 50,000: it runs with as many clients as the limit allows (whole thousands, 4,096
# descriptors left for the JVM's own; 256 in the smoke run), and its rows say so; below 1,000 it is
# not run, said in its row (the other measures run as they are)
P5B_CAPPED="" P5B_SKIPPED=""
p5b_reserve=4096; [ $SMOKE = 0 ] || p5b_reserve=256
if [ "$FD_LIMIT" != unlimited ] && [ "$FD_LIMIT" -lt $(( P5B_CLIENTS + p5b_reserve )) ]; then
  p5b_cap=$(( (FD_LIMIT - p5b_reserve) / 1000 * 1000 ))
  p5b_why="the file descriptor limit here is $FD_LIMIT (hard $(ulimit -Hn)), which this shell may not raise"
  p5b_why+=" (limits.conf, systemd's LimitNOFILE; root with CAP_SYS_RESOURCE raises it itself)"
  if [ "$p5b_cap" -lt 1000 ]; then
    P5B_SKIPPED="not run: $p5b_why"
  else
    P5B_CAPPED="capped at $p5b_cap of $P5B_CLIENTS clients: $p5b_why"
    P5B_CLIENTS=$p5b_cap
  fi
  if [[ " ${measures[*]} " == *" p5b "* ]]; then say "P5b: ${P5B_SKIPPED:-$P5B_CAPPED}"; fi
fi
# P5b's source addresses. One (source address, destination address and port) has at most the
# ephemeral range's ports, so P5b's clients connect from 127.0.0.2 … 127.0.0.(P5B_SOURCES + 1)
# (tools/fanout.mjs binds each socket to its address before connecting). Such a bind takes a port no
# other socket of that address holds, TIME_WAIT ones of the earlier runs included (they stay 60 s),
# and Linux hands these binds (SO_REUSEADDR, which node and FanoutClients set) the odd ports of
# the range's lower half first, while connect() without a bind (every other connection on the machine: Kafka's,
# PostgreSQL's, curl's, the clicks') prefers the even ports. So an address gets at most a twelfth of
# the range, 2,352 of the default 28,232 ports (its clients and two earlier runs' TIME_WAIT sockets
# then fit in that quarter, away from everyone else's ports), and at least two addresses are used
# (the smoke run too)
read -r port_low port_high </proc/sys/net/ipv4/ip_local_port_range
P5B_PER_SOURCE=$(( (port_high - port_low + 1) / 12 ))
[ "$P5B_PER_SOURCE" -ge 1 ] || P5B_SKIPPED="not run: the ephemeral port range $port_low-$port_high is too small"
P5B_SOURCES=$(( (P5B_CLIENTS + (P5B_PER_SOURCE > 0 ? P5B_PER_SOURCE : 1) - 1) / (P5B_PER_SOURCE > 0 ? P5B_PER_SOURCE : 1) )); [ "$P5B_SOURCES" -ge 2 ] || P5B_SOURCES=2
[ "$P5B_SOURCES" -le 253 ] || P5B_SKIPPED="not run: $P5B_CLIENTS clients need $P5B_SOURCES source addresses (ports $port_low-$port_high), more than 253"

# shellcheck source=tools/jdk.sh
. "$ROOT/tools/jdk.sh"
pick_jdk --say || die "no JDK of 21 or newer"
JAVA_MAJOR=$(jdk_major "$JAVA_HOME")
for tool in java javac jcmd wrk psql node curl bc; do command -v "$tool" >/dev/null || die "$tool is required"; done
for service in ingest-service counter-service broadcast-service; do
  [ -f "$ROOT/$service/target/quarkus-app/quarkus-run.jar" ] || die "$service is not built: ./mvnw -DskipTests install"
done
[ -d "$ROOT/local-platform/target/lib" ] || die "local-platform is not built: ./mvnw -DskipTests install"
[ -d "$BENCH/node_modules/ws" ] || (cd "$BENCH" && npm ci --no-audit --no-fund >/dev/null) || die "npm ci in bench/ failed"

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) exit 1; print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratio() { echo "scale=3; $1 / $2" | bc | sed 's/^\./0./'; }
meets() { if [ "$(echo "$1 $2 $3" | bc)" = 1 ]; then echo met; else echo MISSED; fi; }  # meets VALUE OP TARGET

RESULTS_ROWS=()
FAILED_ROWS=0
row() { # id, measure, value, target, verdict, context
  RESULTS_ROWS+=("| $1 | $2 | $3 | $4 | $5 | $6 |")
  if [ "$5" = FAILED ]; then FAILED_ROWS=$(( FAILED_ROWS + 1 )); fi
  say "$1 $2: $3 (target $4, $5) — $6"
}

# timed OUT_FILE COMMAND...: runs it, its standard output in OUT_FILE and its errors in
# OUT_FILE.err; prints the CPU seconds it used (user + system, its children it waited for included:
# bash's `time`). A command that fails ends the run with its output.
timed() {
  local out=$1 TIMEFORMAT='%3U %3S' times
  shift
  times=$( { time "$@" >"$out" 2>"$out.err"; } 2>&1 ) || { cat "$out" "$out.err" >&2; die "$1 failed (its output: $out)"; }
  echo "$times" | awk '{ print $1 + $2 }'
}

# wrk_run SCRIPT PATH CONNECTIONS SECONDS: one wrk run against ingest. Sets WRK_RPS (requests/s),
# WRK_CPU (wrk's own CPU seconds), WRK_P99 (ms) and WRK_ERRORS, the counts wrk printed as
# "connect read write timeout non-2xx" (its "Socket errors:" and "Non-2xx or 3xx responses:"
# lines; 0 when it printed none)
WRK_RPS="" WRK_CPU="" WRK_P99="" WRK_ERRORS=""
wrk_run() {
  local out=$STATE/wrk.out
  WRK_CPU=$(BENCH_KEY=$KEY timed "$out" wrk -t2 -c"$3" -d"$4"s --latency -s "$BENCH/lib/$1" "http://127.0.0.1:$INGEST_PORT$2")
  read -r WRK_RPS WRK_P99 WRK_ERRORS < <(awk '
    /Requests\/sec/ { rps = $2 }
    /Socket errors:/ { for (i = 3; i < NF; i++) errors[$i] = $(i + 1) + 0 }
    /Non-2xx or 3xx responses:/ { non2xx = $NF + 0 }
    $1 == "99%" { v = $2; ms = v + 0; if (v ~ /us$/) ms /= 1000; else if (v ~ /[0-9]s$/) ms *= 1000; else if (v ~ /[0-9]m$/) ms *= 60000; p99 = ms }
    END { printf "%s %s %d %d %d %d %d\n", rps == "" ? "-" : rps, p99 == "" ? "-" : p99,
            errors["connect"], errors["read"], errors["write"], errors["timeout"], non2xx }' "$out")
  if [ "$WRK_RPS" = - ] || [ "$WRK_P99" = - ]; then cat "$out" >&2; die "wrk printed no requests/s or no p99"; fi
}
# wrk_add COUNTS COUNTS: two sets of wrk error counts added up
wrk_add() { echo "$1 $2" | awk '{ print $1 + $6, $2 + $7, $3 + $8, $4 + $9, $5 + $10 }'; }
# wrk_errors COUNTS: as a context says them
wrk_errors() {
  local c r w t n
  read -r c r w t n <<<"$1"
  echo "wrk errors: socket connect $c, read $r, write $w, timeout $t; non-2xx $n"
}
# wrk_verdict COUNTS VALUE OP TARGET: FAILED if any of the wrk runs had an error, else met or MISSED
wrk_verdict() { if [ "$1" = "0 0 0 0 0" ]; then meets "$2" "$3" "$4"; else echo FAILED; fi; }

# ---------------------------------------------------------------------------------------------
# http_key: P1 and P2 run against ingest (and Kafka) alone, with a key made once by counter-service
HTTP_KEY=""
http_key() {
  if [ -z "$HTTP_KEY" ]; then
    services_only counter-service ingest-service
    HTTP_KEY=$(new_key http 1000000)
  fi
  services_only ingest-service
  KEY=$HTTP_KEY
}

# enough connections that ingest's CPU, not the requests in flight, is the limit: with 32, at most
# 3,200 events waited for their acknowledgement (5 ms linger), which capped P1 at ~565,000 events/s
P1_CONNECTIONS=${P1_CONNECTIONS:-128}
p1() {
  say "P1: batch ingest vs ProducerPerformance (${PP_RECORDS} records), $REPEATS repeats"
  http_key
  bench_tools payload "$STATE/payload.txt" 10000 "$KEY"
  # as many partitions as ingest writes to: a key's events are keyed by event id, so they spread
  # over every partition of both event topics
  java -cp "$PLATFORM_CP" org.apache.kafka.tools.TopicCommand --bootstrap-server "$BOOTSTRAP" --create \
    --if-not-exists --topic bench_ceiling --partitions $(( 2 * PARTITIONS )) >/dev/null 2>&1
  local size ratios=() ingest=() ceiling=() pp_cpus=() wrk_cpus=() i cpu pp ingest_cpu errors="0 0 0 0 0"
  size=$(awk '{ n += length($0) } END { printf "%d", n / NR }' "$STATE/payload.txt")
  if [ $SMOKE = 0 ]; then # warm-up; its errors fail the measure too
    wrk_run batch.lua /v1/events "$P1_CONNECTIONS" "$WRK_SECONDS"; errors=$(wrk_add "$errors" "$WRK_ERRORS")
    say "  warm-up: $(wrk_errors "$WRK_ERRORS")"
  fi
  for i in $(seq "$REPEATS"); do
    cpu=$(timed "$STATE/pp.out" java -Xms1g -Xmx1g -cp "$PLATFORM_CP" org.apache.kafka.tools.ProducerPerformance \
      --topic bench_ceiling --num-records "$PP_RECORDS" --payload-file "$STATE/payload.txt" --throughput -1 \
      --producer-props bootstrap.servers="$BOOTSTRAP" acks=all enable.idempotence=true linger.ms=5 compression.type=lz4)
    pp=$(tail -1 "$STATE/pp.out" | sed -E 's/.* ([0-9.]+) records\/sec.*/\1/')
    ingest_cpu=$(cpu_seconds "${SERVICE_PID[ingest-service]}")
    wrk_run batch.lua /v1/events "$P1_CONNECTIONS" "$WRK_SECONDS"; errors=$(wrk_add "$errors" "$WRK_ERRORS")
    ingest_cpu=$(echo "$(cpu_seconds "${SERVICE_PID[ingest-service]}") - $ingest_cpu" | bc)
    ingest+=("$(echo "$WRK_RPS * 100" | bc)"); ceiling+=("$pp"); ratios+=("$(ratio "${ingest[-1]}" "$pp")")
    pp_cpus+=("$cpu"); wrk_cpus+=("$WRK_CPU")
    say "  repeat $i: ingest ${ingest[-1]} events/s (ingest ${ingest_cpu} s CPU, wrk ${WRK_CPU} s CPU in ${WRK_SECONDS} s;" \
      "$(wrk_errors "$WRK_ERRORS")), ProducerPerformance $pp records/s (${cpu} s CPU)"
  done
  local r context
  r=$(printf '%s\n' "${ratios[@]}" | median)
  context="$(printf '%s\n' "${ingest[@]}" | median) events/s ÷ $(printf '%s\n' "${ceiling[@]}" | median) records/s"
  context+="; load generators' CPU per run: wrk $(printf '%s\n' "${wrk_cpus[@]}" | median) s, ProducerPerformance $(printf '%s\n' "${pp_cpus[@]}" | median) s"
  context+="; $(wrk_errors "$errors") (sums over every run, the warm-up's too)"
  row P1 "batch ingest ÷ producer ceiling (${size} B records)" "$r" "≥ 0.8" "$(wrk_verdict "$errors" "$r" ">=" 0.8)" "$context"
}

# p1t: ingest's CPU per event for batches shaped as tracker.js sends them (id, occurred_at, page,
# every other event with a position: tracker-batch.lua) against P1's light events (action and color
# only: batch.lua), alternating in each repeat, both at P1's connections: the capacity model's
# assumption A2b (docs/capacity.md). No ceiling: the measure is the cost per event, not a ratio to
# the producer's.
p1t() {
  say "P1t: ingest CPU per event, tracker.js-shaped batches vs P1's light ones; $REPEATS repeats, alternating"
  http_key
  local i side cpu rates=() light=() tracker=() ratios=() errors="0 0 0 0 0"
  if [ $SMOKE = 0 ]; then # warm-up, both shapes; their errors fail the measure too
    for side in batch tracker-batch; do
      wrk_run "$side.lua" /v1/events "$P1_CONNECTIONS" "$WRK_SECONDS"; errors=$(wrk_add "$errors" "$WRK_ERRORS")
      say "  warm-up, $side: $(wrk_errors "$WRK_ERRORS")"
    done
  fi
  for i in $(seq "$REPEATS"); do
    for side in batch tracker-batch; do
      cpu=$(cpu_seconds "${SERVICE_PID[ingest-service]}")
      BENCH_BODY_FILE=$STATE/tracker-body.json wrk_run "$side.lua" /v1/events "$P1_CONNECTIONS" "$WRK_SECONDS"
      errors=$(wrk_add "$errors" "$WRK_ERRORS")
      cpu=$(echo "$(cpu_seconds "${SERVICE_PID[ingest-service]}") - $cpu" | bc)
      # events per ingest CPU-second
      rates+=("$(echo "scale=0; $WRK_RPS * 100 * $WRK_SECONDS / $cpu" | bc)")
      if [ "$side" = batch ]; then light+=("${rates[-1]}"); else tracker+=("${rates[-1]}"); fi
      if [ "$side" = tracker-batch ] && [ "$i" = 1 ]; then # a body of the run, every event accepted
        curl -sf -H "Content-Type: application/json" -H "X-API-Key: $KEY" --data-binary "@$STATE/tracker-body.json" \
          "http://127.0.0.1:$INGEST_PORT/v1/events" | grep -q '"accepted":100,"duplicates":0,"rejected":\[\]' \
          || die "P1t: ingest did not accept every event of a tracker-shaped batch ($STATE/tracker-body.json)"
      fi
      say "  repeat $i, $side: $(echo "$WRK_RPS * 100" | bc) events/s, ingest ${cpu} s CPU in ${WRK_SECONDS} s: ${rates[-1]} events per CPU-second ($(wrk_errors "$WRK_ERRORS"))"
    done
    ratios+=("$(ratio "${tracker[-1]}" "${light[-1]}")")
  done
  row P1t "ingest events per CPU-second, tracker.js-shaped ÷ P1's light events" "$(printf '%s\n' "${ratios[@]}" | median)" "—" "$(if [ "$errors" = "0 0 0 0 0" ]; then echo —; else echo FAILED; fi)" \
    "$(printf '%s\n' "${tracker[@]}" | median) ÷ $(printf '%s\n' "${light[@]}" | median) events per ingest CPU-second (repeats: tracker ${tracker[*]}; light ${light[*]}); 100 events per request, ${P1_CONNECTIONS} connections, ${WRK_SECONDS} s runs; $(wrk_errors "$errors") (sums over every run)"
}

p2() {
  say "P2: single events vs the no-op endpoint at 500 connections, p99 at 50; $REPEATS repeats"
  http_key
  local ratios=() events=() noops=() p99s=() event_cpus=() noop_cpus=() p99_cpus=() i noop noop_cpu
  local event_errors="0 0 0 0 0" noop_errors="0 0 0 0 0" p99_errors="0 0 0 0 0"
  if [ $SMOKE = 0 ]; then # warm-up, both paths; their errors fail the measure too
    wrk_run single.lua /v1/events 500 "$WRK_SECONDS"; event_errors=$(wrk_add "$event_errors" "$WRK_ERRORS")
    say "  warm-up, events: $(wrk_errors "$WRK_ERRORS")"
    wrk_run single.lua /bench/noop 500 "$WRK_SECONDS"; noop_errors=$(wrk_add "$noop_errors" "$WRK_ERRORS")
    say "  warm-up, no-op: $(wrk_errors "$WRK_ERRORS")"
  fi
  for i in $(seq "$REPEATS"); do
    wrk_run single.lua /bench/noop 500 "$WRK_SECONDS"; noop_errors=$(wrk_add "$noop_errors" "$WRK_ERRORS")
    noop=$WRK_RPS noop_cpu=$WRK_CPU
    say "  repeat $i: no-op $noop req/s (wrk $noop_cpu s CPU in ${WRK_SECONDS} s; $(wrk_errors "$WRK_ERRORS"))"
    wrk_run single.lua /v1/events 500 "$WRK_SECONDS"; event_errors=$(wrk_add "$event_errors" "$WRK_ERRORS")
    events+=("$WRK_RPS"); noops+=("$noop"); ratios+=("$(ratio "$WRK_RPS" "$noop")")
    event_cpus+=("$WRK_CPU"); noop_cpus+=("$noop_cpu")
    say "  repeat $i: events $WRK_RPS req/s (wrk $WRK_CPU s CPU in ${WRK_SECONDS} s; $(wrk_errors "$WRK_ERRORS"))"
    wrk_run single.lua /v1/events 50 "$WRK_SECONDS"; p99_errors=$(wrk_add "$p99_errors" "$WRK_ERRORS")
    p99s+=("$WRK_P99"); p99_cpus+=("$WRK_CPU")
    say "  repeat $i: p99 at 50 connections $WRK_P99 ms (wrk $WRK_CPU s CPU in ${WRK_SECONDS} s; $(wrk_errors "$WRK_ERRORS"))"
  done
  local r p context
  r=$(printf '%s\n' "${ratios[@]}" | median); p=$(printf '%s\n' "${p99s[@]}" | median)
  context="$(printf '%s\n' "${events[@]}" | median) ÷ $(printf '%s\n' "${noops[@]}" | median) req/s"
  context+="; wrk CPU per run: events $(printf '%s\n' "${event_cpus[@]}" | median) s, no-op $(printf '%s\n' "${noop_cpus[@]}" | median) s"
  context+="; events side $(wrk_errors "$event_errors"); no-op side $(wrk_errors "$noop_errors") (sums over every run, the warm-ups' too)"
  row P2 "single-event POST ÷ no-op at 500 connections" "$r" "≥ 0.6" \
    "$(wrk_verdict "$(wrk_add "$event_errors" "$noop_errors")" "$r" ">=" 0.6)" "$context"
  row P2 "p99 at 50 connections" "$p ms" "≤ 15 ms" "$(wrk_verdict "$p99_errors" "$p" "<=" 15)" \
    "wrk --latency, ${WRK_SECONDS} s runs, wrk $(printf '%s\n' "${p99_cpus[@]}" | median) s CPU per run; $(wrk_errors "$p99_errors") (sums over the runs)"
}

p3() {
  say "P3: counter drain of a ${BACKLOG}-event backlog (+ $(( BACKLOG / 100 )) re-sent) vs COPY of the same ids; $REPEATS repeats"
  local ratios=() drains=() copies=() writer_cpus=() copy_cpus=() i t0 copy_s copy_cpu drain
  services_only counter-service
  wait_until 600 "counter-service catching up with what earlier measures sent" counter_caught_up
  for i in $(seq "$REPEATS"); do
    drain_backlog; drain=$DRAINED
    psql_run -c "TRUNCATE bench.ids" >/dev/null
    t0=$(date +%s%N)
    copy_cpu=$(timed "$STATE/copy.out" psql_run -c "\\copy bench.ids FROM '$STATE/ids.txt'")
    copy_s=$(( $(date +%s%N) - t0 ))
    copies+=("$(echo "scale=0; $BACKLOG * 1000000000 / $copy_s" | bc)")
    drains+=("$drain"); ratios+=("$(ratio "$drain" "${copies[-1]}")"); writer_cpus+=("$BACKLOG_CPU"); copy_cpus+=("$copy_cpu")
    say "  repeat $i: counter $drain events/s (lag 0 checked, then counts exactly $BACKLOG: the $(( BACKLOG / 100 )) re-sent read and not counted;" \
      "backlog writer ${BACKLOG_CPU} s CPU), COPY ${copies[-1]} ids/s (psql ${copy_cpu} s CPU)"
  done
  local r d w
  r=$(printf '%s\n' "${ratios[@]}" | median); d=$(printf '%s\n' "${drains[@]}" | median); w=$(printf '%s\n' "${writer_cpus[@]}" | median)
  row P3 "counter drain ÷ PostgreSQL COPY of the ids" "$r" "≥ 0.5" "$(meets "$r" ">=" 0.5)" \
    "$d events/s ÷ $(printf '%s\n' "${copies[@]}" | median) ids/s; load generators' CPU per run: BenchTools backlog writer $w s (before the counter starts), psql $(printf '%s\n' "${copy_cpus[@]}" | median) s"
  row P3 "counter drain rate" "$d events/s" "≥ 100,000" "$(meets "$d" ">=" 100000)" \
    "$BACKLOG events + $(( BACKLOG / 100 )) re-sent; lag 0 checked, then exact counts ($BACKLOG) checked; BenchTools backlog writer $w s CPU per run"
}

DRAIN_INSTANCES=1
declare -A COUNTED_BY=()
# drain_backlog [positions]: one P3 backlog on a fresh key (BenchTools backlog: BACKLOG events with
# unique ids, then BACKLOG / 100 of them sent again), drained by a restarted counter. DRAINED is the
# rate in events/s, from the first count to the count of BACKLOG. The counter notes its offsets in
# Kafka after each counted batch, so once its group has no lag on either event topic, every record
# sent (the re-sent ones last) went through a counted batch; then the counts must be exactly what
# the unique events make (and with positions, the heatmaps' totals too). BACKLOG_CPU is the
# backlog writer's CPU seconds.
DRAINED=0 BACKLOG_CPU=0
drain_backlog() {
  local key out expected heat t0 first="" last="" n total_first
  key=$(new_key p3 1000000)
  service_stop counter-service
  bench_tools_build
  BACKLOG_CPU=$(timed "$STATE/backlog.out" bench_tools backlog "$BOOTSTRAP" "$key" "$BACKLOG" $(( BACKLOG / 100 )) "$STATE/ids.txt" "${1:-}")
  out=$(<"$STATE/backlog.out")
  expected=${out%%$'\n'*}
  service_start counter-service
  [ "$DRAIN_INSTANCES" = 1 ] || service_start counter-service-2
  t0=$(date +%s%N)
  while true; do
    n=$(total "$key")
    [ -z "$first" ] && [ "${n:-0}" -gt 0 ] && { first=$(date +%s%N); total_first=$n; }
    [ "${n:-0}" -ge "$BACKLOG" ] && { last=$(date +%s%N); break; }
    [ $(( $(date +%s%N) - t0 )) -lt 300000000000 ] || die "P3: counted ${n:-0} of $BACKLOG after 300 s"
    sleep 0.1
  done
  service_await counter-service
  # both counted the one key (its events spread over every partition); a smoke run's backlog may be
  # counted by the first instance before the second has joined
  if [ "$DRAIN_INSTANCES" != 1 ] && [ $SMOKE = 0 ]; then
    for instance in counter-service counter-service-2; do
      COUNTED_BY[$instance]=$(counted_by "${SERVICE_PORT[$instance]}")
      [ "$(echo "${COUNTED_BY[$instance]} > 0" | bc)" = 1 ] || die "P3x2: $instance counted nothing of the key"
    done
  fi
  wait_until 120 "counter-service's group at lag 0 on click_on_colors and hover_on_colors (the re-sent events read)" counter_caught_up
  n=$(total "$key")
  [ "$n" = "$BACKLOG" ] || die "P3: counted $n at lag 0; sent $BACKLOG unique events and $(( BACKLOG / 100 )) of them again"
  [ "$(exact "$key")" = "$expected" ] || die "P3: counts $(exact "$key") differ from what was sent: $expected"
  if [ "${1:-}" = positions ]; then
    heat="heat click=$(heat_total "$key" click) hover=$(heat_total "$key" hover)"
    [ "$heat" = "${out#*$'\n'}" ] || die "P3h: heatmaps $heat differ from what was sent: ${out#*$'\n'}"
  fi
  if [ $(( (BACKLOG - total_first) * 10 )) -ge "$BACKLOG" ]; then
    DRAINED=$(echo "scale=0; ($BACKLOG - $total_first) * 1000000000 / ($last - $first)" | bc)
  else # (a smoke run's backlog can go in one poll: then from the start, start-up included)
    DRAINED=$(echo "scale=0; $BACKLOG * 1000000000 / ($last - $t0)" | bc)
  fi
  service_stop counter-service-2
}

# counted_by PORT: the events a counter instance has counted since it started (its metrics)
counted_by() {
  curl -sf "http://127.0.0.1:$1/q/metrics" | awk '$1 == "colortracking_counter_events_counted_total" { printf "%d", $2 }'
}

# p3x2: P3's drain by two counter instances on one key against one instance, alternating. Its events
# are keyed by event id, so both instances count the key; on this machine's two cores (shared with
# Kafka and PostgreSQL) a second instance adds no core, so this checks the scale-out works and costs
# little, not that it doubles the rate (docs/capacity.md)
p3x2() {
  say "P3x2: counter drain of a ${BACKLOG}-event backlog of one key by two instances vs one; $REPEATS repeats, alternating"
  local one=() two=() ratios=() shares=() i
  services_only counter-service
  wait_until 600 "counter-service catching up with what earlier measures sent" counter_caught_up
  for i in $(seq "$REPEATS"); do
    if [ $SMOKE = 1 ]; then # the two-instance drain only: P3's smoke drains one instance already
      DRAIN_INSTANCES=2 drain_backlog; two+=("$DRAINED"); one+=("$DRAINED")
    else
      drain_backlog; one+=("$DRAINED")
      DRAIN_INSTANCES=2 drain_backlog; two+=("$DRAINED")
    fi
    ratios+=("$(ratio "${two[-1]}" "${one[-1]}")")
    shares+=("${COUNTED_BY[counter-service]:-?}/${COUNTED_BY[counter-service-2]:-?}")
    say "  repeat $i: two instances ${two[-1]} events/s (counted ${shares[-1]} of the events each), one ${one[-1]} events/s (lag 0 checked, counts exact)"
  done
  local r; r=$(printf '%s\n' "${ratios[@]}" | median)
  row P3x2 "counter drain, two instances on one key ÷ one" "$r" "—" "—" \
    "$(printf '%s\n' "${two[@]}" | median) ÷ $(printf '%s\n' "${one[@]}" | median) events/s; events counted by each instance: ${shares[*]}; both on this machine's 2 cores"
}

# heat_total KEY ACTION: every event of the key's all-time heatmap of the area grid
heat_total() {
  curl -sf "http://127.0.0.1:$COUNTER_PORT/v1/heatmap?api_key=$1&area=grid&action=$2&range=all" \
    | grep -o '"total":[0-9]*' | cut -d: -f2
}

p3h() {
  say "P3h: counter drain of a ${BACKLOG}-event backlog with a position in every event vs without; $REPEATS repeats, alternating"
  local with=() without=() ratios=() with_cpus=() without_cpus=() i
  services_only counter-service
  wait_until 600 "counter-service catching up with what earlier measures sent" counter_caught_up
  for i in $(seq "$REPEATS"); do
    drain_backlog; without+=("$DRAINED"); without_cpus+=("$BACKLOG_CPU")
    drain_backlog positions; with+=("$DRAINED"); with_cpus+=("$BACKLOG_CPU")
    ratios+=("$(ratio "${with[-1]}" "${without[-1]}")")
    say "  repeat $i: with positions ${with[-1]} events/s, without ${without[-1]} events/s (lag 0 checked, counts and heatmaps exact;" \
      "backlog writer ${with_cpus[-1]} s CPU with positions, ${without_cpus[-1]} s without)"
  done
  local r; r=$(printf '%s\n' "${ratios[@]}" | median)
  row P3h "counter drain with a position in every event ÷ without" "$r" "≥ 0.8" "$(meets "$r" ">=" 0.8)" \
    "$(printf '%s\n' "${with[@]}" | median) ÷ $(printf '%s\n' "${without[@]}" | median) events/s, $BACKLOG events (+ $(( BACKLOG / 100 )) re-sent) each, lag 0 checked, counts and heatmaps exact; BenchTools backlog writer $(printf '%s\n' "${with_cpus[@]}" | median) s CPU per run with positions, $(printf '%s\n' "${without_cpus[@]}" | median) s without"
}

# total KEY: sum of a key's counts; exact KEY: each counter, as BenchTools prints them
total() {
  local body
  body=$(curl -sf "http://127.0.0.1:$COUNTER_PORT/v1/counts?api_key=$1") || { echo 0; return; } # not up yet
  echo "$body" | sed -E 's/.*"counts":\{(.*)\},"version".*/\1/' | grep -o ':[0-9]\+' | tr -d : | paste -sd+ | bc
}
# shellcheck disable=SC2016 # JavaScript, not shell
exact() { curl -sf "http://127.0.0.1:$COUNTER_PORT/v1/counts?api_key=$1" | node -e '
  let s = ""; process.stdin.on("data", d => s += d).on("end", () => { const c = JSON.parse(s).counts; const out = [];
  for (const a of ["click", "hover"]) for (const k of ["blue", "green", "red", "yellow"]) out.push(`${a}:${k}=${c[a][k]}`);
  console.log(out.join(" ")); });'; }

# services_only NAME...: these services run (started if need be, ready), the others are stopped
services_only() {
  local service
  for service in "${!SERVICE_PID[@]}"; do
    [[ " $* " == *" $service "* ]] || service_stop "$service"
  done
  for service in "$@"; do
    [ -n "${SERVICE_PID[$service]:-}" ] || service_start "$service"
  done
  for service in "$@"; do service_await "$service"; done
}

p4() {
  say "P4: click → WebSocket frame at $LIVE_RATE events/s, ${LIVE_WARMUP} s warm-up + ${LIVE_SECONDS} s; $REPEATS repeats"
  services_only counter-service ingest-service broadcast-service
  local p50s=() p99s=() frames50=() frames99=() cpus=() i out cpu
  if [ $SMOKE = 0 ]; then # a run to warm the services up (JIT), not measured
    KEY=$(new_key p4warm 100000)
    node "$BENCH/tools/live-latency.mjs" "http://127.0.0.1:$INGEST_PORT" "ws://127.0.0.1:$BROADCAST_PORT" "$KEY" "$LIVE_RATE" \
      0 "$LIVE_WARMUP" >/dev/null || die "P4: the warm-up run failed"
  fi
  for i in $(seq "$REPEATS"); do
    KEY=$(new_key p4 100000)
    cpu=$(timed "$STATE/p4.out" node "$BENCH/tools/live-latency.mjs" "http://127.0.0.1:$INGEST_PORT" "ws://127.0.0.1:$BROADCAST_PORT" \
      "$KEY" "$LIVE_RATE" "$LIVE_WARMUP" "$LIVE_SECONDS")
    out=$(<"$STATE/p4.out")
    p50s+=("$(field "$out" clickP50)"); p99s+=("$(field "$out" clickP99)")
    frames50+=("$(field "$out" frameP50)"); frames99+=("$(field "$out" frameP99)"); cpus+=("$cpu")
    say "  repeat $i: $out (load generator ${cpu} s CPU)"
  done
  local p50 p99 load context
  p50=$(printf '%s\n' "${p50s[@]}" | median); p99=$(printf '%s\n' "${p99s[@]}" | median)
  load="load generator (live-latency.mjs) $(printf '%s\n' "${cpus[@]}" | median) s CPU per run"
  context="per click: each click until the first frame showing it, the wait for the next frame slot included; p50s: ${p50s[*]}"
  context+="; per frame (newest click shown), context only: $(printf '%s\n' "${frames50[@]}" | median) ms, p50s: ${frames50[*]}; $load"
  row P4 "click → frame p50 at $LIVE_RATE events/s, per click" "$p50 ms" "≤ 25 ms" "$(meets "$p50" "<=" 25)" "$context"
  context="per click; p99s: ${p99s[*]}; per frame, context only: $(printf '%s\n' "${frames99[@]}" | median) ms, p99s: ${frames99[*]}; $load"
  row P4 "click → frame p99 at $LIVE_RATE events/s, per click" "$p99 ms" "≤ 100 ms" "$(meets "$p99" "<=" 100)" "$context"
}

# shellcheck disable=SC2016 # JavaScript, not shell
field() { echo "$1" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s)[process.argv[1]]))' "$2"; }

# fanout_clients_build: the client processes of fanout.mjs are tools/FanoutClients.java (compiled
# once per run), unless FANOUT_CLIENTS=node (Node's ws, heavier on the cores the server shares)
fanout_clients_build() {
  if [ "${FANOUT_CLIENTS:-java}" = node ]; then
    unset FANOUT_JAVA_CP FANOUT_JAVA
    return
  fi
  if [ ! -f "$STATE/tools/FanoutClients.class" ]; then
    javac -nowarn -d "$STATE/tools" "$BENCH/tools/FanoutClients.java" || die "FanoutClients does not compile"
  fi
  export FANOUT_JAVA_CP=$STATE/tools FANOUT_JAVA=$JAVA_HOME/bin/java
}

# fanout_runs ID CLIENTS WORKERS SOURCES: P5's and P5b's runs of tools/fanout.mjs against the
# broadcast-service instance running now, each on a fresh key: unless in the smoke run, first one
# unmeasured run (FAN_WARM_CLIENTS clients, or the run's own if fewer; FAN_WARM_ROUNDS rounds; a
# key of its own) so that the first measured repeat does not pay the services' JIT compilation (as
# P4 and P7 do); then REPEATS runs of CLIENTS clients over WORKERS client processes, FAN_ROUNDS
# rounds each, from SOURCES loopback source addresses (0: the system picks). Sets, one entry per
# repeat: FAN_P99S, FAN_P50S, FAN_FIRSTS (ms), FAN_HEAP, FAN_RSS (KB per client), FAN_CONNECTS (s),
# FAN_SERVER_US (broadcast-service's CPU per frame delivered, µs, the median of the rounds),
# FAN_LOADS (the CPU seconds the client processes and the coordinator report of themselves) and
# FAN_CPUS (`time` of the whole tree, the jcmd calls of the memory readings included)
FAN_P99S=() FAN_P50S=() FAN_FIRSTS=() FAN_HEAP=() FAN_RSS=() FAN_CONNECTS=() FAN_SERVER_US=() FAN_LOADS=() FAN_CPUS=()
fanout_runs() {
  local id=$1 clients=$2 workers=$3 sources=$4 name key i out cpu warm
  name=$(echo "$id" | tr '[:upper:]' '[:lower:]')
  FAN_P99S=() FAN_P50S=() FAN_FIRSTS=() FAN_HEAP=() FAN_RSS=() FAN_CONNECTS=() FAN_SERVER_US=() FAN_LOADS=() FAN_CPUS=()
  fanout_clients_build
  if [ $SMOKE = 0 ]; then # a run to warm the services up (JIT), not measured
    key=$(new_key "${name}warm" 100000)
    warm=$(( FAN_WARM_CLIENTS < clients ? FAN_WARM_CLIENTS : clients )) # never more than the run (P5b capped by descriptors)
    node "$BENCH/tools/fanout.mjs" "ws://127.0.0.1:$BROADCAST_PORT" "http://127.0.0.1:$INGEST_PORT" "$key" \
      "$warm" "$workers" "$FAN_WARM_ROUNDS" "${SERVICE_PID[broadcast-service]}" "$sources" \
      >"$STATE/$name-warm.out" 2>"$STATE/$name-warm.out.err" || { cat "$STATE/$name-warm.out" "$STATE/$name-warm.out.err" >&2; die "$id: the warm-up run failed"; }
    say "  warm-up, not measured: $(<"$STATE/$name-warm.out")"
  fi
  for i in $(seq "$REPEATS"); do
    key=$(new_key "$name" 100000)
    cpu=$(timed "$STATE/$name.out" node "$BENCH/tools/fanout.mjs" "ws://127.0.0.1:$BROADCAST_PORT" "http://127.0.0.1:$INGEST_PORT" "$key" \
      "$clients" "$workers" "$FAN_ROUNDS" "${SERVICE_PID[broadcast-service]}" "$sources")
    out=$(<"$STATE/$name.out")
    FAN_P99S+=("$(field "$out" p99)"); FAN_P50S+=("$(field "$out" p50)"); FAN_FIRSTS+=("$(field "$out" firstClientMedian)")
    FAN_RSS+=("$(field "$out" rssKbPerClient)"); FAN_HEAP+=("$(field "$out" heapKbPerClient)"); FAN_CONNECTS+=("$(field "$out" connectSeconds)")
    FAN_SERVER_US+=("$(field "$out" serverCpuUsPerFrame)"); FAN_LOADS+=("$(field "$out" loadCpuSeconds)"); FAN_CPUS+=("$cpu")
    say "  repeat $i: $out (load generator ${FAN_LOADS[-1]} s CPU: fanout.mjs and its client processes; ${cpu} s with its jcmd calls)"
  done
}

# fanout_memory_verdict HEAP RSS: met when both (KB per connection, medians) are within 30 KB
fanout_memory_verdict() {
  if [ "$(meets "$1" "<=" 30)" = met ] && [ "$(meets "$2" "<=" 30)" = met ]; then echo met; else echo MISSED; fi
}

p5() {
  say "P5: one update → ${FAN_CLIENTS} clients of one broadcast instance ($FAN_WORKERS client processes); $REPEATS repeats"
  services_only counter-service ingest-service broadcast-service
  fanout_runs P5 "$FAN_CLIENTS" "$FAN_WORKERS" 0
  local p99 r h load
  p99=$(printf '%s\n' "${FAN_P99S[@]}" | median); r=$(printf '%s\n' "${FAN_RSS[@]}" | median); h=$(printf '%s\n' "${FAN_HEAP[@]}" | median)
  load="load generator (fanout.mjs and its $FAN_WORKERS client processes) $(printf '%s\n' "${FAN_LOADS[@]}" | median) s CPU per run"
  load+=", $(printf '%s\n' "${FAN_CPUS[@]}" | median) s with the jcmd calls of the memory readings"
  row P5 "one update → all ${FAN_CLIENTS} clients, p99" "$p99 ms" "≤ 250 ms" "$(meets "$p99" "<=" 250)" \
    "p99s: ${FAN_P99S[*]} (click through the whole pipeline); broadcast-service $(printf '%s\n' "${FAN_SERVER_US[@]}" | median) µs CPU per frame delivered (user + system, medians of the rounds; runs: ${FAN_SERVER_US[*]}); $load"
  row P5 "memory per connection (heap after GC, resident set growth)" "heap $h KB, RSS $r KB" "≤ 30 KB each" "$(fanout_memory_verdict "$h" "$r")" \
    "per client, medians of the repeats; heap after a full GC runs: ${FAN_HEAP[*]} KB; resident set growth runs: ${FAN_RSS[*]} KB; $load"
}

# p5b: P5 at 50,000 clients of one key on one broadcast-service instance, which is restarted with a
# heap of P5B_HEAP for it (50,000 × ~13 KB does not fit the 512 MB every service runs with here)
# and with the default heap again afterwards. The clients come from P5B_SOURCES loopback addresses
# (the ephemeral port range caps the connections of one source address: above) over P5B_WORKERS
# client processes (12,500 sockets each). Its p99 and memory are reported; the memory row carries
# the verdict (≤ 30 KB per connection, heap and resident set)
p5b() {
  say "P5b: one update → ${P5B_CLIENTS} clients of one broadcast instance (heap $P5B_HEAP, $P5B_WORKERS client processes," \
    "source addresses 127.0.0.2-127.0.0.$(( P5B_SOURCES + 1 ))); $REPEATS repeats"
  local p99 p50 first r h c setup load heap=$P5B_HEAP
  if [ -n "$P5B_SKIPPED" ]; then
    row P5b "one update → all ${P5B_CLIENTS} clients of one instance" "—" "—" "—" "$P5B_SKIPPED"
    return
  fi
  if [ $SMOKE = 1 ]; then # 500 clients fit the running instance's heap: no restarts
    services_only counter-service ingest-service broadcast-service
    heap=${BENCH_HEAP:-512m}
    fanout_runs P5b "$P5B_CLIENTS" "$P5B_WORKERS" "$P5B_SOURCES"
  else
    services_only counter-service ingest-service # broadcast-service stopped if it ran, then started with P5B_HEAP
    BENCH_HEAP=$P5B_HEAP service_start broadcast-service
    service_await broadcast-service
    fanout_runs P5b "$P5B_CLIENTS" "$P5B_WORKERS" "$P5B_SOURCES"
    # back to the heap every other measure runs with (BENCH_HEAP as this run was given it, 512m unless set)
    service_stop broadcast-service
    service_start broadcast-service
    service_await broadcast-service
  fi
  p99=$(printf '%s\n' "${FAN_P99S[@]}" | median); p50=$(printf '%s\n' "${FAN_P50S[@]}" | median); first=$(printf '%s\n' "${FAN_FIRSTS[@]}" | median)
  r=$(printf '%s\n' "${FAN_RSS[@]}" | median); h=$(printf '%s\n' "${FAN_HEAP[@]}" | median); c=$(printf '%s\n' "${FAN_CONNECTS[@]}" | median)
  setup="broadcast-service with -Xms$heap -Xmx$heap; clients from $P5B_SOURCES source addresses (127.0.0.2-127.0.0.$(( P5B_SOURCES + 1 )))"
  setup+=" over $P5B_WORKERS client processes, file descriptor limit $FD_LIMIT${P5B_CAPPED:+; $P5B_CAPPED}"
  load="load generator (fanout.mjs and its $P5B_WORKERS client processes) $(printf '%s\n' "${FAN_LOADS[@]}" | median) s CPU per run"
  load+=", $(printf '%s\n' "${FAN_CPUS[@]}" | median) s with the jcmd calls of the memory readings"
  row P5b "one update → all ${P5B_CLIENTS} clients of one instance, p99" "$p99 ms" "—" "—" \
    "reported (P5's target for 10,000 clients is ≤ 250 ms); p99s: ${FAN_P99S[*]}; p50 $p50 ms; fastest client $first ms (click through the whole pipeline); broadcast-service $(printf '%s\n' "${FAN_SERVER_US[@]}" | median) µs CPU per frame delivered (runs: ${FAN_SERVER_US[*]}); $setup; $load"
  row P5b "memory per connection at ${P5B_CLIENTS} (heap after GC, resident set growth)" "heap $h KB, RSS $r KB" "≤ 30 KB each" "$(fanout_memory_verdict "$h" "$r")" \
    "per client, medians of the repeats; heap after a full GC runs: ${FAN_HEAP[*]} KB; resident set growth runs: ${FAN_RSS[*]} KB; $setup; $load"
  row P5b "connect ${P5B_CLIENTS} clients" "$c s" "—" "—" \
    "runs: ${FAN_CONNECTS[*]} s, from the first client process's start to every client's snapshot; 200 handshakes in flight per client process; $setup; $load"
}

p7() {
  say "P7: $PTR_VISITORS visitors × ${PTR_SECONDS} s of pointer chunks (10 samples/s each) → $PTR_VIEWERS live cursor viewers, stored exactly once; $REPEATS repeats"
  services_only counter-service ingest-service broadcast-service
  local p50s=() p99s=() bytes=() disk=() ingest_cpu=() counter_cpu=() loads=() i minutes
  if [ $SMOKE = 0 ]; then # a run to warm the services up (JIT), not measured; stored before the first repeat
    pointer_run p7warm "$PTR_WARMUP"
  fi
  minutes=$(echo "scale=3; $PTR_VISITORS * $PTR_SECONDS / 60" | bc)
  for i in $(seq "$REPEATS"); do
    pointer_run p7 "$PTR_SECONDS"
    p50s+=("$(field "$P7_OUT" p50)"); p99s+=("$(field "$P7_OUT" p99)")
    bytes+=("$(echo "scale=0; $P7_BYTES / $minutes" | bc)"); disk+=("$(echo "scale=0; $P7_DISK / $minutes" | bc)")
    ingest_cpu+=("$(echo "scale=3; $P7_INGEST_CPU * 1000 / $P7_SAMPLES" | bc | sed 's/^\./0./')")
    counter_cpu+=("$(echo "scale=3; $P7_COUNTER_CPU * 1000 / $P7_SAMPLES" | bc | sed 's/^\./0./')")
    loads+=("$P7_LOAD_CPU")
    say "  repeat $i: $P7_OUT (load generator ${P7_LOAD_CPU} s CPU)"
    say "  repeat $i: stored exactly once ($P7_SAMPLES samples; $P7_WHERE) ${P7_STORED_IN} s after the last chunk; ${P7_BYTES} B of samples," \
      "tables grew ${P7_DISK} B; ingest ${P7_INGEST_CPU} s CPU, counter ${P7_COUNTER_CPU} s CPU"
  done
  local p50 p99 b d ci cc load
  p50=$(printf '%s\n' "${p50s[@]}" | median); p99=$(printf '%s\n' "${p99s[@]}" | median)
  load="load generator (pointer-load.mjs) $(printf '%s\n' "${loads[@]}" | median) s CPU per run"
  b=$(printf '%s\n' "${bytes[@]}" | median); d=$(printf '%s\n' "${disk[@]}" | median)
  ci=$(printf '%s\n' "${ingest_cpu[@]}" | median); cc=$(printf '%s\n' "${counter_cpu[@]}" | median)
  row P7 "pointer chunk → live cursor frame p99, $PTR_VISITORS visitors, $PTR_VIEWERS viewers" "$p99 ms" "≤ 150 ms" "$(meets "$p99" "<=" 150)" \
    "p99s: ${p99s[*]}; per chunk and viewer, from its POST to the first frame showing it; every chunk stored exactly once; $load"
  row P7 "pointer chunk → live cursor frame p50" "$p50 ms" "—" "—" "p50s: ${p50s[*]}; $load"
  row P7 "stored per visitor-minute (10 samples/s)" "$b B" "—" "—" \
    "samples' bytea, runs: ${bytes[*]} B; on-disk growth of pointer_chunks + pointer_sessions: $d B (runs: ${disk[*]}); $load"
  row P7 "CPU per 1,000 samples" "ingest $ci s, counter $cc s" "—" "—" \
    "ingest runs: ${ingest_cpu[*]} s; counter runs: ${counter_cpu[*]} s (/proc, the run and the store's catching up); $load"
}

# pointer_run NAME SECONDS: PTR_VISITORS visitors for SECONDS on a fresh key that records pointers,
# PTR_VIEWERS viewers of its live cursors (tools/pointer-load.mjs); then waits until counter-service
# stored every accepted chunk and checks it stored each exactly once. Sets P7_OUT (the tool's JSON),
# P7_SAMPLES, P7_BYTES (the key's packed samples), P7_DISK (growth of the pointer tables on disk),
# P7_INGEST_CPU, P7_COUNTER_CPU (seconds), P7_STORED_IN (seconds after the tool ended), P7_WHERE,
# P7_LOAD_CPU (the tool's own CPU seconds)
P7_OUT="" P7_SAMPLES=0 P7_BYTES=0 P7_DISK=0 P7_INGEST_CPU=0 P7_COUNTER_CPU=0 P7_STORED_IN=0 P7_WHERE="" P7_LOAD_CPU=0
pointer_run() {
  local key token disk0 ingest0 counter0 t_end accepted samples clicks chunks stored
  read -r key token <<<"$(pointer_key "$1")"
  [ -n "$token" ] || die "P7: no read token for a new key"
  disk0=$(pointer_tables_bytes)
  ingest0=$(cpu_seconds "${SERVICE_PID[ingest-service]}"); counter0=$(cpu_seconds "${SERVICE_PID[counter-service]}")
  P7_LOAD_CPU=$(timed "$STATE/p7.out" node "$BENCH/tools/pointer-load.mjs" "http://127.0.0.1:$INGEST_PORT" "ws://127.0.0.1:$BROADCAST_PORT" \
    "$key" "$token" "$PTR_VISITORS" "$2" "$PTR_VIEWERS")
  P7_OUT=$(<"$STATE/p7.out")
  t_end=$(date +%s%N)
  P7_INGEST_CPU=$(echo "$(cpu_seconds "${SERVICE_PID[ingest-service]}") - $ingest0" | bc)
  accepted=$(field "$P7_OUT" accepted); samples=$(field "$P7_OUT" samples); clicks=$(field "$P7_OUT" clicks)
  while true; do
    stored=$(psql_run -tA -F' ' -c "SELECT count(*), coalesce(sum(sample_count), 0) FROM pointer_chunks WHERE api_key = '$key'")
    [ "$stored" = "$accepted $samples" ] && break
    [ $(( $(date +%s%N) - t_end )) -lt 120000000000 ] || die "P7: stored (chunks samples) $stored of $accepted $samples after 120 s"
    sleep 0.2
  done
  P7_STORED_IN=$(echo "scale=1; ($(date +%s%N) - $t_end) / 1000000000" | bc | sed 's/^\./0./')
  P7_COUNTER_CPU=$(echo "$(cpu_seconds "${SERVICE_PID[counter-service]}") - $counter0" | bc)
  # exactly once: one row per accepted (session, seq), the samples of each once, in the sessions too
  chunks=$(psql_run -tA -F' ' -c "SELECT count(*), count(DISTINCT (session, seq)), sum(sample_count) FROM pointer_chunks WHERE api_key = '$key'")
  [ "$chunks" = "$accepted $accepted $samples" ] || die "P7: chunks (rows, distinct session+seq, samples) $chunks; accepted $accepted chunks of $samples samples"
  stored=$(psql_run -tA -F' ' -c "SELECT count(*), sum(samples), sum(clicks) FROM pointer_sessions WHERE api_key = '$key'")
  [ "$stored" = "$PTR_VISITORS $samples $clicks" ] || die "P7: sessions (rows, samples, clicks) $stored; sent $PTR_VISITORS sessions, $samples samples, $clicks clicks"
  P7_SAMPLES=$samples
  P7_BYTES=$(psql_run -tA -c "SELECT sum(octet_length(samples)) FROM pointer_chunks WHERE api_key = '$key'")
  P7_DISK=$(( $(pointer_tables_bytes) - disk0 ))
  P7_WHERE=$(psql_run -tA -F' ' -c "SELECT tableoid::regclass, count(*) FROM pointer_chunks WHERE api_key = '$key' GROUP BY 1" | paste -sd, -)
}

# pointer_tables_bytes: pointer_chunks (every partition, with indexes and TOAST) and pointer_sessions on disk
pointer_tables_bytes() {
  psql_run -tA -c "SELECT (SELECT coalesce(sum(pg_total_relation_size(inhrelid)), 0) FROM pg_inherits
    WHERE inhparent = 'pointer_chunks'::regclass) + pg_total_relation_size('pointer_sessions')"
}

p6() {
  say "P6: start → ready of each service on an idle machine, with and without its AOT cache; $REPEATS repeats"
  local service i mode times_on times_off first=0 cached
  [ $SMOKE = 1 ] && first=1 # no unmeasured start in the smoke run
  p6_backlog
  services_only
  for service in counter-service ingest-service broadcast-service; do
    times_on=(); times_off=(); cached=no
    if [ "$JAVA_MAJOR" -ge 25 ] && [ -f "$ROOT/$service/target/quarkus-app/app.aot" ]; then cached=yes; fi
    for i in $(seq "$first" "$REPEATS"); do
      # side by side: the same jar with its cache, then without (the last start stays up, with it:
      # ingest and broadcast need the keys counter-service publishes)
      for mode in off on; do
        [ "$cached" = yes ] || [ "$mode" = on ] || continue

        start_to_ready "$service" "$mode"
        if [ "$i" != 0 ]; then
          if [ "$mode" = on ]; then times_on+=("$STARTED_IN"); else times_off+=("$STARTED_IN"); fi
        fi
        if [ "$i" != "$REPEATS" ] || [ "$mode" = off ]; then service_stop "$service"; fi
      done
    done
    local m; m=$(printf '%s\n' "${times_on[@]}" | median)
    if [ "$cached" = yes ]; then
      local n; n=$(printf '%s\n' "${times_off[@]}" | median)
      row P6 "$service start → ready, Java $JAVA_MAJOR with its AOT cache" "$m s" "≤ 1.0 s" "$(meets "$m" "<=" 1.0)" \
        "runs: ${times_on[*]} s; the same jar without the cache: $n s (runs: ${times_off[*]} s), ratio $(ratio "$m" "$n"); $P6_BACKLOG; no load generator"
    else
      row P6 "$service start → ready, Java $JAVA_MAJOR (no AOT cache)" "$m s" "≤ 1.0 s" "$(meets "$m" "<=" 1.0)" \
        "runs: ${times_on[*]} s; no app.aot (Java 25 and the build's integration test make one); $P6_BACKLOG; no load generator"
    fi
  done
}

# p6_backlog: the compacted topics of a platform in use, which every start reads before it is ready:
# P6_KEYS keys made through the key API (api_keys), each with its 8 counters on color_aggregates and
# a heatmap of 256 cells on heat_grids (BenchTools compacted); the event topics hold what earlier
# measures sent, counted (the counter is ready only once caught up)
p6_backlog() {
  local i
  services_only counter-service
  : >"$STATE/p6-keys.txt"
  for i in $(seq "$P6_KEYS"); do new_key "p6k$i" 1000 >>"$STATE/p6-keys.txt"; done
  bench_tools compacted "$BOOTSTRAP" "$STATE/p6-keys.txt"
  P6_BACKLOG="after a backlog: $P6_KEYS keys on api_keys, $(( P6_KEYS * 8 )) counters on color_aggregates, $P6_KEYS heatmaps of 256 cells on heat_grids"
}
P6_BACKLOG=""

# start_to_ready NAME on|off: starts the service with or without its AOT cache and waits until it is
# ready; STARTED_IN is the time from launch to ready, in seconds
start_to_ready() {
  local service=$1 t0
  t0=$(date +%s%N)
  BENCH_AOT=$2 service_start "$service"
  until ready "${SERVICE_PORT[$service]}"; do
    kill -0 "${SERVICE_PID[$service]}" 2>/dev/null || die "$service exited; see $LOGS/$service.log"
    [ $(( $(date +%s%N) - t0 )) -lt 60000000000 ] || die "$service not ready in 60 s"
    sleep 0.02
  done
  STARTED_IN=$(echo "scale=2; ($(date +%s%N) - $t0) / 1000000000" | bc | sed 's/^\./0./')
}

trap platform_stop EXIT
say "starting Kafka and PostgreSQL (state in $STATE)"
platform_start
for measure in "${measures[@]}"; do "$measure"; done

{
  echo "| id | measure | value | target | verdict | context |"
  echo "|---|---|---|---|---|---|"
  printf '%s\n' "${RESULTS_ROWS[@]}"
} | tee "$STATE/results.md"
if [ $SMOKE = 1 ]; then echo "(smoke run: one short repeat each; the verdicts hold only for full runs)"; fi
# a FAILED verdict (a wrk run with errors) fails the run, the smoke run in CI too
if [ "$FAILED_ROWS" -gt 0 ]; then die "$FAILED_ROWS measure(s) FAILED: see their context"; fi
