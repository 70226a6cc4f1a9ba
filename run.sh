#!/usr/bin/env bash
# Runs the whole platform on this machine, without Docker: a Kafka broker (KRaft) and an
# embedded PostgreSQL 17 from Maven artifacts, the three services, and the dashboard gateway.
# State (Kafka log, database, logs) lives in .run/ and survives restarts. Ctrl-C stops it all.
#
#   ./run.sh           the whole platform
#   ./run.sh --infra   only Kafka and PostgreSQL (and the topics), for a service in dev mode:
#                      it prints the variables to export, then ./mvnw -pl <service> quarkus:dev
#
# Java: the newest JDK of 21 or newer here (tools/jdk.sh); on Java 25 each service starts with the
# AOT cache its build trained (target/quarkus-app/app.aot) when there is one.
#
# A service or the gateway that dies is started again, and run.sh says so (more than 5 deaths of
# one part within a minute stop everything); Kafka or PostgreSQL dying stops everything.
# counter-service runs with a fixed group.instance.id, so a restarted one takes its partitions
# back at once instead of waiting for the dead one's session to expire.
#
# External infrastructure instead of the embedded one:
#   KAFKA_BOOTSTRAP_SERVERS=host:9092
#   QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://host:5432/db QUARKUS_DATASOURCE_USERNAME=... QUARKUS_DATASOURCE_PASSWORD=...
set -euo pipefail

cd "$(dirname "$0")"
ROOT=$PWD
INFRA_ONLY=0
case "${1:-}" in
  --infra) INFRA_ONLY=1 ;;
  "") ;;
  *) echo "usage: ./run.sh [--infra]" >&2; exit 2 ;;
esac
STATE=${COLORTRACKING_STATE_DIR:-$ROOT/.run}
LOGS=$STATE/logs
KAFKA_PORT=${KAFKA_PORT:-9092}
KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-9093}
POSTGRES_PORT=${POSTGRES_PORT:-15432}
GATEWAY_PORT=${GATEWAY_PORT:-8080}
INGEST_PORT=${INGEST_PORT:-8081}
COUNTER_PORT=${COUNTER_PORT:-8082}
BROADCAST_PORT=${BROADCAST_PORT:-8083}
PARTITIONS=${COLORTRACKING_TOPICS_PARTITIONS:-6}
PLATFORM_CP="$ROOT/local-platform/target/classes:$ROOT/local-platform/target/lib/*"
START=$(date +%s)

pids=()
names=()

say() { printf '[%3ss] %s\n' "$(( $(date +%s) - START ))" "$*"; }
fail() { printf '\nrun.sh: %s\n' "$*" >&2; exit 1; }

stop_all() {
  trap - INT TERM EXIT
  if [ ${#pids[@]} -gt 0 ]; then
    echo
    say "stopping…"
    # newest first: gateway, services, then Kafka and PostgreSQL
    for (( i=${#pids[@]}-1; i>=0; i-- )); do
      kill -TERM "${pids[$i]}" 2>/dev/null || true
      for _ in $(seq 1 150); do
        kill -0 "${pids[$i]}" 2>/dev/null || break
        sleep 0.1
      done
      if kill -0 "${pids[$i]}" 2>/dev/null; then
        say "  ${names[$i]} did not stop in 15 s; killing it"
        kill -KILL "${pids[$i]}" 2>/dev/null || true
      fi
      wait "${pids[$i]}" 2>/dev/null || true
      say "  ${names[$i]} stopped"
    done
  fi
  rm -f "$STATE/run.pid"
}
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM
trap 'stop_all' EXIT

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start() { # name, log file, command...
  local name=$1 log=$2
  shift 2
  # a session of its own: Ctrl-C reaches only this script, which stops the parts in order;
  # a restart appends to the log of the run before
  if [ "${APPEND_LOG:-0}" = 1 ]; then setsid "$@" >>"$log" 2>&1 & else setsid "$@" >"$log" 2>&1 & fi
  pids+=("$!")
  names+=("$name")
}

# the parts run.sh starts again when they die: name -> the function that starts one
declare -A restarter=() deaths=()
restart() { # index of the part in pids/names
  local i=$1 name=${names[$1]} status=0 now
  wait "${pids[$i]}" 2>/dev/null || status=$?
  now=$(date +%s)
  # the deaths of the last minute, as a list of times
  deaths[$name]="$(for t in ${deaths[$name]:-}; do (( now - t < 60 )) && echo "$t"; done) $now"
  if [ "$(echo "${deaths[$name]}" | wc -w)" -gt 5 ]; then
    fail "$name died more than 5 times within a minute (last exit status $status); see $LOGS/$name.log"
  fi
  say "$name exited (status $status); starting it again (log: $LOGS/$name.log)"
  APPEND_LOG=1 "${restarter[$name]}"
  pids[i]=${pids[-1]}
  unset 'pids[-1]' 'names[-1]'
}

# wait_for PID NAME SECONDS CHECK...: a dot a second until CHECK succeeds, or fails if PID exits
wait_for() {
  local pid=$1 name=$2 limit=$3
  shift 3
  local waited=0
  printf '       waiting for %s ' "$name"
  until "$@" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { echo; fail "$name exited; see its log in $LOGS"; }
    (( waited++ < limit * 2 )) || { echo; fail "$name not ready after ${limit}s; see $LOGS"; }
    (( waited % 2 == 0 )) && printf '.'
    sleep 0.5
  done
  echo " ready"
}

mkdir -p "$LOGS"
if [ -f "$STATE/run.pid" ] && kill -0 "$(cat "$STATE/run.pid")" 2>/dev/null; then
  fail "already running (pid $(cat "$STATE/run.pid")); stop it first"
fi
echo $$ >"$STATE/run.pid"

# shellcheck source=tools/jdk.sh
. tools/jdk.sh
pick_jdk --say || fail "no JDK of 21 or newer (see above)"
JAVA_MAJOR=$(jdk_major "$JAVA_HOME")
command -v node >/dev/null || fail "node is required for the dashboard gateway"
command -v curl >/dev/null || fail "curl is required"

# 1. build what is missing
jars=(ingest-service/target/quarkus-app/quarkus-run.jar counter-service/target/quarkus-app/quarkus-run.jar
      broadcast-service/target/quarkus-app/quarkus-run.jar local-platform/target/lib)
missing=0
for jar in "${jars[@]}"; do [ -e "$jar" ] || missing=1; done
if [ $missing = 1 ]; then
  say "building (first run; a few minutes on a cold Maven cache)…"
  ./mvnw -B -q -DskipTests install >"$LOGS/build.log" 2>&1 || fail "build failed; see $LOGS/build.log"
  say "built"
fi

# the dashboard's browser dependency (D3) from the npm registry, as locked; served by the gateway
if [ ! -f frontend/node_modules/d3/dist/d3.min.js ]; then
  command -v npm >/dev/null || fail "npm is required to install the dashboard's dependencies"
  say "installing the dashboard's npm dependencies…"
  (cd frontend && npm ci --no-audit --no-fund) >"$LOGS/npm.log" 2>&1 || fail "npm ci failed; see $LOGS/npm.log"
fi

if [ $INFRA_ONLY = 0 ]; then
  for port in "$INGEST_PORT" "$COUNTER_PORT" "$BROADCAST_PORT" "$GATEWAY_PORT"; do
    port_free "$port" || fail "port $port is in use; stop what uses it first"
  done
fi

# 2. Kafka
if [ -n "${KAFKA_BOOTSTRAP_SERVERS:-}" ]; then
  say "using Kafka at $KAFKA_BOOTSTRAP_SERVERS"
else
  port_free "$KAFKA_PORT" || fail "port $KAFKA_PORT (Kafka) is in use; set KAFKA_PORT or KAFKA_BOOTSTRAP_SERVERS"
  say "starting Kafka (KRaft) on 127.0.0.1:$KAFKA_PORT, data in $STATE/kafka-data"
  start kafka "$LOGS/kafka.log" java -Xms256m -Xmx768m -cp "$PLATFORM_CP" \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    io.colortracking.platform.LocalKafka "$STATE" "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"
  wait_for "${pids[-1]}" Kafka 60 bash -c "exec 3<>/dev/tcp/127.0.0.1/$KAFKA_PORT"
  export KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$KAFKA_PORT
fi

# 3. PostgreSQL
if [ -n "${QUARKUS_DATASOURCE_JDBC_URL:-}" ]; then
  say "using PostgreSQL at $QUARKUS_DATASOURCE_JDBC_URL"
else
  port_free "$POSTGRES_PORT" || fail "port $POSTGRES_PORT (PostgreSQL) is in use; set POSTGRES_PORT or QUARKUS_DATASOURCE_JDBC_URL"
  say "starting PostgreSQL 17 on 127.0.0.1:$POSTGRES_PORT, data in $STATE/postgres-data"
  start postgres "$LOGS/postgres.log" java -Xmx64m -cp "$PLATFORM_CP" \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    io.colortracking.platform.LocalPostgres "$STATE" "$POSTGRES_PORT" colortracking
  wait_for "${pids[-1]}" PostgreSQL 60 grep -q "PostgreSQL ready" "$LOGS/postgres.log"
  export QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:$POSTGRES_PORT/colortracking
  export QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD=
fi

say "creating topics ($PARTITIONS partitions)"
java -cp "$PLATFORM_CP" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  io.colortracking.platform.CreateTopics "$KAFKA_BOOTSTRAP_SERVERS" "$PARTITIONS" >"$LOGS/topics.log" 2>&1 \
  || fail "could not create topics at $KAFKA_BOOTSTRAP_SERVERS; see $LOGS/topics.log"

export COLORTRACKING_TOPICS_PARTITIONS=$PARTITIONS
# the key API's token: a local default, clearly not a secret; set ADMIN_TOKEN for anything else
export ADMIN_TOKEN=${ADMIN_TOKEN:-local-admin-token}
# the demo key's read token (it reads live cursors and recorded sessions): a local default too
export DEMO_READ_TOKEN=${DEMO_READ_TOKEN:-demo-read}

if [ $INFRA_ONLY = 1 ]; then
  cat <<EOT

  Kafka and PostgreSQL are running ($(( $(date +%s) - START )) s). In another terminal:

    export KAFKA_BOOTSTRAP_SERVERS=$KAFKA_BOOTSTRAP_SERVERS
    export QUARKUS_DATASOURCE_JDBC_URL=$QUARKUS_DATASOURCE_JDBC_URL
    export QUARKUS_DATASOURCE_USERNAME=$QUARKUS_DATASOURCE_USERNAME QUARKUS_DATASOURCE_PASSWORD=$QUARKUS_DATASOURCE_PASSWORD
    export COLORTRACKING_TOPICS_PARTITIONS=$PARTITIONS ADMIN_TOKEN=$ADMIN_TOKEN DEMO_READ_TOKEN=$DEMO_READ_TOKEN
    ./mvnw -pl counter-service quarkus:dev       # or ingest-service, broadcast-service

  Edit a class or application.properties, save, and send the next request: dev mode reloads.
  (Each service's dev mode uses its own port: ingest 8081, counter 8082, broadcast 8083; the
  debugger ports clash when two run at once: add -Ddebug=false or -Ddebug=5006 to the second.)
  Logs: $LOGS/   Ctrl-C stops Kafka and PostgreSQL.
EOT
  while true; do
    for i in "${!pids[@]}"; do
      kill -0 "${pids[$i]}" 2>/dev/null || fail "${names[$i]} stopped unexpectedly; see $LOGS/${names[$i]}.log"
    done
    sleep 1
  done
fi

# aot_flags SERVICE: the JVM options that use the service's AOT cache (Java 25 and newer, when the
# build trained one); a cache that no longer matches the jars is ignored by the JVM with a warning
aot_flags() {
  local cache=$ROOT/$1/target/quarkus-app/app.aot
  if [ "$JAVA_MAJOR" -ge 25 ] && [ -f "$cache" ]; then
    echo "-XX:AOTCache=$cache"
  fi
}

# 4. the services, side by side
declare -A service_pid service_port=([ingest-service]=$INGEST_PORT [counter-service]=$COUNTER_PORT [broadcast-service]=$BROADCAST_PORT)
start_service() { # name [VAR=value...]; appends to pids/names
  local service=$1 aot
  shift
  aot=$(aot_flags "$service")
  # shellcheck disable=SC2086 # aot is one option or none
  start "$service" "$LOGS/$service.log" env QUARKUS_HTTP_PORT="${service_port[$service]}" "$@" \
    java -Xmx384m $aot -jar "$ROOT/$service/target/quarkus-app/quarkus-run.jar"
}
start_ingest() { start_service ingest-service; }
# static group membership under a local default name: a restarted counter takes its partitions back at once
start_counter() {
  start_service counter-service COLORTRACKING_CONSUMER_INSTANCE_ID="${COLORTRACKING_CONSUMER_INSTANCE_ID:-local-counter-service}"
}
start_broadcast() { start_service broadcast-service; }
restarter=([ingest-service]=start_ingest [counter-service]=start_counter [broadcast-service]=start_broadcast)
for service in ingest-service counter-service broadcast-service; do
  aot=$(aot_flags "$service")
  say "starting $service on port ${service_port[$service]} (Java $JAVA_MAJOR${aot:+, AOT cache})"
  "${restarter[$service]}"
  service_pid[$service]=${pids[-1]}
done
for service in ingest-service counter-service broadcast-service; do
  wait_for "${service_pid[$service]}" "$service" 60 curl -sf "http://127.0.0.1:${service_port[$service]}/q/health/ready"
done
# counter-service publishes the keys when it starts; ingest-service learns them from the topic
demo_key_known() {
  # an empty event is invalid: 400 once the key is known, 401 before
  [ "$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$INGEST_PORT/v1/events" \
        -H 'X-API-Key: demo' -H 'Content-Type: application/json' -d '{}')" = 400 ]
}
wait_for "${service_pid[ingest-service]}" "the demo key" 10 demo_key_known

# 5. the dashboard gateway
start_gateway() {
  start gateway "$LOGS/gateway.log" env GATEWAY_PORT="$GATEWAY_PORT" INGEST_URL="http://127.0.0.1:$INGEST_PORT" \
    COUNTER_URL="http://127.0.0.1:$COUNTER_PORT" BROADCAST_URL="http://127.0.0.1:$BROADCAST_PORT" node frontend/gateway.mjs
}
restarter[gateway]=start_gateway
start_gateway
wait_for "${pids[-1]}" gateway 10 curl -sf "http://127.0.0.1:$GATEWAY_PORT/"

cat <<EOT

  Color Tracking is running ($(( $(date +%s) - START )) s).

  Dashboard   http://localhost:$GATEWAY_PORT/?api_key=demo     (&mode=optimistic|websocket|polling)
  Heatmap     http://localhost:$GATEWAY_PORT/?api_key=demo&heatmap=1   (where the grid was clicked, live)
  Visitors    http://localhost:$GATEWAY_PORT/?api_key=demo&visitors=1  (live cursors and replay; read token: $DEMO_READ_TOKEN)
  Example     frontend/example/index.html: a third-party page with only the tracker's script tag (?ct-heatmap=1);
              it records its visitors' pointer (data-pointer="on"): watch it in the Visitors view
  Ingest      http://localhost:$INGEST_PORT/v1/events       (OpenAPI: /q/swagger-ui)
  Counts      http://localhost:$COUNTER_PORT/v1/counts?api_key=demo
  Heat        http://localhost:$COUNTER_PORT/v1/heatmap?api_key=demo&area=grid&action=click
  Keys        curl -H "Authorization: Bearer \$ADMIN_TOKEN" localhost:$COUNTER_PORT/v1/keys   (ADMIN_TOKEN=$ADMIN_TOKEN)
  Live        ws://localhost:$BROADCAST_PORT/v1/live?api_key=demo
  Health      http://localhost:{$INGEST_PORT,$COUNTER_PORT,$BROADCAST_PORT}/q/health/ready    Metrics: /q/metrics
  Logs        $LOGS/

  Try:  curl -X POST localhost:$INGEST_PORT/v1/events -H 'X-API-Key: demo' \\
          -H 'Content-Type: application/json' -d '{"action":"click","color":"red"}'

  Ctrl-C stops everything.
EOT

# stay until stopped: a service or the gateway that dies is started again; Kafka or PostgreSQL
# dying stops everything
while true; do
  for i in "${!pids[@]}"; do
    if ! kill -0 "${pids[$i]}" 2>/dev/null; then
      [ -n "${restarter[${names[$i]}]:-}" ] || fail "${names[$i]} stopped unexpectedly; see $LOGS/${names[$i]}.log"
      restart "$i"
    fi
  done
  sleep 0.5
done
