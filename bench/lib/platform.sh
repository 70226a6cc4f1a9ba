# shellcheck shell=bash
# The platform under benchmark: a fresh Kafka broker and PostgreSQL (the local platform's own
# launchers, state in bench/.state), and the packaged services started on demand. Sourced by bench.sh.

STATE=$BENCH/.state
LOGS=$STATE/logs
KAFKA_PORT=${BENCH_KAFKA_PORT:-19092}
KAFKA_CONTROLLER_PORT=${BENCH_KAFKA_CONTROLLER_PORT:-19093}
POSTGRES_PORT=${BENCH_POSTGRES_PORT:-25432}
INGEST_PORT=${BENCH_INGEST_PORT:-18081}
COUNTER_PORT=${BENCH_COUNTER_PORT:-18082}
BROADCAST_PORT=${BENCH_BROADCAST_PORT:-18083}
PARTITIONS=6
BOOTSTRAP=127.0.0.1:$KAFKA_PORT
JDBC_URL=jdbc:postgresql://127.0.0.1:$POSTGRES_PORT/colortracking
PLATFORM_CP="$ROOT/local-platform/target/classes:$ROOT/local-platform/target/lib/*"
# a local default for the key API of the benchmark's own counter-service, not a secret
ADMIN=bench-local-admin-token
declare -A SERVICE_PID=() SERVICE_PORT=([ingest-service]=$INGEST_PORT [counter-service]=$COUNTER_PORT [broadcast-service]=$BROADCAST_PORT)
# a second counter instance (P3x2): the same packaged service on a port of its own
SERVICE_PORT[counter-service-2]=${BENCH_COUNTER2_PORT:-18084}
declare -A SERVICE_APP=([counter-service-2]=counter-service)
INFRA_PIDS=()

port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

platform_start() {
  local port
  for port in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT" "$POSTGRES_PORT" "$INGEST_PORT" "$COUNTER_PORT" "$BROADCAST_PORT"; do
    port_taken "$port" && die "port $port is in use (a benchmark still running?); set the BENCH_*_PORT variables"
  done
  rm -rf "$STATE"
  mkdir -p "$LOGS"
  java -Xms512m -Xmx1g -cp "$PLATFORM_CP" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    io.colortracking.platform.LocalKafka "$STATE" "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT" >"$LOGS/kafka.log" 2>&1 &
  INFRA_PIDS+=($!)
  java -Xmx64m -cp "$PLATFORM_CP" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    io.colortracking.platform.LocalPostgres "$STATE" "$POSTGRES_PORT" colortracking >"$LOGS/postgres.log" 2>&1 &
  INFRA_PIDS+=($!)
  wait_until 60 "Kafka" port_taken "$KAFKA_PORT"
  wait_until 60 "PostgreSQL" grep -q "PostgreSQL ready" "$LOGS/postgres.log"
  java -cp "$PLATFORM_CP" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    io.colortracking.platform.CreateTopics "$BOOTSTRAP" "$PARTITIONS" >"$LOGS/topics.log" 2>&1 || die "could not create the topics"
  # its own schema: Flyway migrates an empty public schema only
  psql_run -c "CREATE SCHEMA bench; CREATE TABLE bench.ids (id uuid PRIMARY KEY)" >/dev/null
}

platform_stop() {
  local service pid
  for service in "${!SERVICE_PID[@]}"; do service_stop "$service"; done
  for pid in "${INFRA_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${INFRA_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  INFRA_PIDS=()
}

psql_run() { PGCONNECT_TIMEOUT=5 psql -q -X -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$POSTGRES_PORT" -U postgres -d colortracking "$@"; }

# wait_until SECONDS WHAT COMMAND...: polls every 50 ms
wait_until() {
  local limit=$1 what=$2 deadline
  shift 2
  deadline=$(( $(date +%s%N) + limit * 1000000000 ))
  until "$@" >/dev/null 2>&1; do
    [ "$(date +%s%N)" -lt "$deadline" ] || die "$what not ready within ${limit}s; logs in $LOGS"
    sleep 0.05
  done
}

ready() { curl -sf -o /dev/null "http://127.0.0.1:$1/q/health/ready"; }

# service_start NAME [VAR=value...]: the packaged service (NAME, or the one SERVICE_APP names for
# a second instance), as its README starts it (on Java 25 with
# its AOT cache, unless BENCH_AOT=off), with a heap of BENCH_HEAP (-Xms and -Xmx; 512m unless set:
# P5b starts broadcast-service with BENCH_HEAP=2g); returns at once
service_start() {
  local name=$1 app=$ROOT/${SERVICE_APP[$1]:-$1}/target/quarkus-app
  shift
  local jfr=() aot=()
  if [ "${BENCH_AOT:-on}" = on ] && [ "$JAVA_MAJOR" -ge 25 ] && [ -f "$app/app.aot" ]; then
    aot=("-XX:AOTCache=$app/app.aot")
  fi
  if [ "${BENCH_JFR:-0}" = 1 ]; then
    jfr=("-XX:StartFlightRecording=filename=$STATE/$name-$(date +%s).jfr,settings=profile,dumponexit=true")
  fi
  (cd "$app" && exec env QUARKUS_HTTP_PORT="${SERVICE_PORT[$name]}" KAFKA_BOOTSTRAP_SERVERS="$BOOTSTRAP" \
      QUARKUS_DATASOURCE_JDBC_URL="$JDBC_URL" QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD= \
      ADMIN_TOKEN="$ADMIN" COLORTRACKING_TOPICS_PARTITIONS=$PARTITIONS COLORTRACKING_BENCH_NOOP_ENDPOINT=true "$@" \
      java -Xms"${BENCH_HEAP:-512m}" -Xmx"${BENCH_HEAP:-512m}" "${aot[@]}" "${jfr[@]}" -jar quarkus-run.jar) >>"$LOGS/$name.log" 2>&1 &
  SERVICE_PID[$name]=$!
}

service_await() { wait_until 60 "$1" ready "${SERVICE_PORT[$1]}"; }

service_stop() {
  local pid=${SERVICE_PID[$1]:-}
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  unset "SERVICE_PID[$1]"
}

# new_key NAME RATE: a key made through counter-service's key API, known to ingest when it returns
new_key() {
  local key
  key="bench_$1_$(date +%s%N | tail -c 9)"
  curl -sf -o /dev/null -X POST "http://127.0.0.1:$COUNTER_PORT/v1/keys" -H "Authorization: Bearer $ADMIN" \
    -H 'Content-Type: application/json' \
    -d "{\"api_key\":\"$key\",\"name\":\"$key\",\"rate_limit_per_second\":$2}" || die "could not create a key"
  if [ -n "${SERVICE_PID[ingest-service]:-}" ]; then
    wait_until 10 "the key at ingest" key_known "$key"
  fi
  if [ -n "${SERVICE_PID[broadcast-service]:-}" ]; then
    wait_until 10 "the key at broadcast" live_key_known "$key"
  fi
  echo "$key"
}

# pointer_key NAME: a key that records pointers, made through counter-service's key API; prints the
# key and its read token once ingest records pointers for it and broadcast knows it
pointer_key() {
  local key answer token
  key="bench_$1_$(date +%s%N | tail -c 9)"
  answer=$(curl -sf -X POST "http://127.0.0.1:$COUNTER_PORT/v1/keys" -H "Authorization: Bearer $ADMIN" \
    -H 'Content-Type: application/json' -d "{\"api_key\":\"$key\",\"name\":\"$key\",\"pointer_tracking\":true}") \
    || die "could not create a key"
  token=$(echo "$answer" | grep -o '"read_token":"[^"]*"' | cut -d'"' -f4)
  [ -n "$token" ] || die "no read_token in the new key: $answer"
  wait_until 10 "the key at ingest" pointer_tracking_on "$key"
  wait_until 10 "the key at broadcast" live_key_known "$key"
  echo "$key $token"
}

# GET /v1/pointer says whether ingest records the key's pointers
pointer_tracking_on() {
  curl -sf -H "X-API-Key: $1" "http://127.0.0.1:$INGEST_PORT/v1/pointer" | grep -q '"pointer_tracking":true'
}

# an empty event is invalid: 400 once the key is known, 401 before
key_known() {
  [ "$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$INGEST_PORT/v1/events" \
        -H "X-API-Key: $1" -H 'Content-Type: application/json' -d '{}')" = 400 ]
}

# broadcast's SSE stream opens (200) for a known key, 401 before
live_key_known() {
  [ "$(curl -s -o /dev/null -m 0.5 -w '%{http_code}' "http://127.0.0.1:$BROADCAST_PORT/v1/live/sse?api_key=$1")" = 200 ]
}

# counter_caught_up: counter-service's group (its events channel's group.id, counter-service's
# application.properties) has no lag on either event topic, click_on_colors and hover_on_colors
# (the offsets it notes in Kafka after each counted batch; a partition never written to has no
# offset and counts as caught up), so everything sent to them went through a counted batch: a
# measure of the counter starts with nothing else left to count, and P3 knows its re-sent events
# were read. Columns of --describe: GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG ...
counter_caught_up() {
  java -cp "$PLATFORM_CP" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn org.apache.kafka.tools.consumer.group.ConsumerGroupCommand \
    --bootstrap-server "$BOOTSTRAP" --describe --group counter-service 2>/dev/null \
    | awk '$2 == "click_on_colors" || $2 == "hover_on_colors" { seen[$2] = 1; if ($6 != "0" && !($6 == "-" && $5 == "0")) lag = 1 }
           END { exit !(seen["click_on_colors"] && seen["hover_on_colors"] && !lag) }'
}

# BenchTools, compiled once per run (bench_tools_build first, so that timing a run of it times no compilation)
bench_tools_build() {
  if [ ! -f "$STATE/tools/BenchTools.class" ]; then
    javac -nowarn -d "$STATE/tools" -cp "$PLATFORM_CP" "$BENCH/tools/BenchTools.java" || die "BenchTools does not compile"
  fi
}
bench_tools() {
  bench_tools_build
  java -cp "$STATE/tools:$PLATFORM_CP" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn BenchTools "$@"
}

# cpu_seconds PID: user+system CPU a process used so far
cpu_seconds() {
  local ticks
  ticks=$(awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0)
  echo "scale=2; $ticks / $(getconf CLK_TCK)" | bc
}
