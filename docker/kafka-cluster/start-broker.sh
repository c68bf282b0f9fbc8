#!/usr/bin/env bash
# Entry point of each Kafka node of docker/compose.yml (apache/kafka image, user appuser). Writes
# the node's server.properties from server.properties.template with the broker password, formats
# the storage on first start with the SCRAM-SHA-512 users `broker` and `hub` (passwords from the
# Compose secrets kafka_broker_password and kafka_hub_password), then runs the broker.
set -euo pipefail

fail() {
  echo "start-broker: $*" >&2
  exit 1
}

# A password goes into the JAAS settings and into `kafka-storage format --add-scram`: keep it to
# characters neither has to quote (`openssl rand -hex 32` gives such a password).
read_password() {
  local file=/run/secrets/$1 value
  [[ -r $file ]] || fail "$file is missing or unreadable: create docker/secrets/$2 (see docker/README.md)."
  value=$(tr -d '\r\n' <"$file")
  [[ $value =~ ^[A-Za-z0-9._-]{24,128}$ ]] ||
    fail "docker/secrets/$2 must hold 24–128 letters, digits or . _ - (e.g. openssl rand -hex 32)."
  printf '%s' "$value"
}

node_id=${KAFKA_NODE_ID:?KAFKA_NODE_ID must be set (1, 2 or 3)}
cluster_id=${CLUSTER_ID:?CLUSTER_ID must be set}
broker_password=$(read_password kafka_broker_password kafka-broker-password)
hub_password=$(read_password kafka_hub_password kafka-hub-password)
for file in /etc/kafka/tls/broker.pem /etc/kafka/tls/ca.pem; do
  [[ -r $file ]] || fail "$file is missing or unreadable by uid $(id -u): the kafka-tls service writes it; see its log."
done

umask 077
config_dir=/opt/kafka/config/hub
mkdir -p "$config_dir"
config=$config_dir/server.properties
sed -e "s|{{nodeId}}|$node_id|g" -e "s|{{brokerPassword}}|$broker_password|g" \
  /opt/hub-kafka/server.properties.template >"$config"

# For the health check (kafka-broker-api-versions): the broker's own user over the client listener.
cat >"$config_dir/client.properties" <<CLIENT
security.protocol=SASL_SSL
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="broker" password="$broker_password";
ssl.truststore.type=PEM
ssl.truststore.location=/etc/kafka/tls/ca.pem
CLIENT

if [[ ! -f /var/lib/kafka/data/meta.properties ]]; then
  echo "start-broker: formatting the storage of node $node_id with the SCRAM users broker and hub"
  /opt/kafka/bin/kafka-storage.sh format --cluster-id "$cluster_id" --config "$config" \
    --add-scram "SCRAM-SHA-512=[name=broker,password=$broker_password]" \
    --add-scram "SCRAM-SHA-512=[name=hub,password=$hub_password]" >/dev/null
fi
unset broker_password hub_password

exec /opt/kafka/bin/kafka-server-start.sh "$config"
