#!/usr/bin/env bash
# docker compose's one-shot topic initialiser: creates every topic of the platform with its policy,
# as the Topics catalog (events/src/main/java/io/colortracking/events/Topics.java) declares them.
# Idempotent: a topic that exists already gets the same configs (so an upgrade brings the policies
# of existing topics in line); its partitions are left as they are. A test checks this list
# against the catalog.
set -euo pipefail

bootstrap=${KAFKA_BOOTSTRAP_SERVERS:?KAFKA_BOOTSTRAP_SERVERS is required}
partitions=${COLORTRACKING_TOPICS_PARTITIONS:-6}
replication=${COLORTRACKING_TOPICS_REPLICATION_FACTOR:-1}
seven_days=604800000
thirty_days=2592000000
one_hour=3600000

create() { # name, config...
  local name=$1
  shift
  local configs=()
  for config in "$@"; do configs+=(--config "$config"); done
  /opt/kafka/bin/kafka-topics.sh --bootstrap-server "$bootstrap" --create --if-not-exists --topic "$name" \
    --partitions "$partitions" --replication-factor "$replication" "${configs[@]}"
  /opt/kafka/bin/kafka-configs.sh --bootstrap-server "$bootstrap" --alter --entity-type topics --entity-name "$name" \
    --add-config "$(IFS=,; echo "$*")"
}

create click_on_colors cleanup.policy=delete retention.ms=$seven_days
create hover_on_colors cleanup.policy=delete retention.ms=$seven_days
create color_aggregates cleanup.policy=compact segment.ms=$one_hour min.cleanable.dirty.ratio=0.1
create heat_grids cleanup.policy=compact segment.ms=$one_hour min.cleanable.dirty.ratio=0.1
create pointer_tracks cleanup.policy=delete retention.ms=$seven_days
create api_keys cleanup.policy=compact segment.ms=$one_hour min.cleanable.dirty.ratio=0.1
create color_events_dlq cleanup.policy=delete retention.ms=$thirty_days
echo "topics ready"
