#!/usr/bin/env bash
# Runs one Kafka broker JVM and ties its life to an owner process: when the owner dies (a test run
# that crashed, a Ctrl-C'd `npm start`) or this script gets SIGTERM, the broker is stopped cleanly,
# and killed if it has not stopped within the grace period. No orphan JVM outlives its owner.
#
# usage: run-broker.sh OWNER_PID CLASSPATH_DIR CONFIG_FILE LOG_DIR HEAP_MB
set -euo pipefail
owner_pid=$1 libs=$2 config=$3 log_dir=$4 heap_mb=${5:-512}
grace_seconds=20

mkdir -p "$log_dir"
here=$(cd "$(dirname "$0")" && pwd)
java_bin=${JAVA_HOME:+$JAVA_HOME/bin/}java

"$java_bin" -Xms${heap_mb}m -Xmx${heap_mb}m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
  -Djava.awt.headless=true -Dkafka.logs.dir="$log_dir" \
  -Dlog4j2.configurationFile="$here/log4j2.properties" \
  -cp "$libs/*" kafka.Kafka "$config" >"$log_dir/stdout.log" 2>&1 &
broker_pid=$!

stop_broker() {
  trap - TERM INT
  if kill -0 "$broker_pid" 2>/dev/null; then
    kill -TERM "$broker_pid" 2>/dev/null || true
    for _ in $(seq 1 $((grace_seconds * 10))); do
      kill -0 "$broker_pid" 2>/dev/null || exit 0
      sleep 0.1
    done
    kill -KILL "$broker_pid" 2>/dev/null || true
  fi
  exit 0
}
trap stop_broker TERM INT

while kill -0 "$broker_pid" 2>/dev/null; do
  kill -0 "$owner_pid" 2>/dev/null || stop_broker
  sleep 0.5 &
  wait $! || true
done
wait "$broker_pid"
